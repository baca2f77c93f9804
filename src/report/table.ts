// Plain-text tables: a header row, the first column left-aligned, the rest right-aligned (numbers),
// columns two spaces apart, each line indented by two spaces. No colours: reports get pasted.

export interface TableOptions {
  /** Columns aligned left (the first always is). */
  leftColumns?: number[]
}

export function formatTable(header: string[], rows: string[][], options: TableOptions = {}): string[] {
  const left = new Set([0, ...(options.leftColumns ?? [])])
  const widths = header.map((title, column) => Math.max(width(title), ...rows.map((row) => width(row[column] ?? ''))))
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((cell, column) => (left.has(column) ? padEnd(cell, widths[column]) : padStart(cell, widths[column])))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)]
}

/** Display width: ✓ and ✗ are one column wide, like every other character we print. */
function width(text: string): number {
  return [...text].length
}

function padEnd(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)))
}

function padStart(text: string, size: number): string {
  return ' '.repeat(Math.max(0, size - width(text))) + text
}
