import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, totalmem } from 'node:os'
import { readFileSync } from 'node:fs'
import { fmtRatio } from './format.ts'

/** One line of the final table: a case, its figures, and the ratio checked against a target. */
export interface Row {
  section: string
  case: string
  a: string
  b?: string
  ratio?: number
  target?: string
  holds?: boolean
  note?: string
}

/** A section's rows plus the raw data behind them (for latest.json). */
export interface SectionResult {
  rows: Row[]
  data: unknown
}

export function machine(): Record<string, unknown> {
  const model = /model name\s*:\s*(.*)/.exec(safeRead('/proc/cpuinfo'))?.[1] ?? cpus()[0]?.model ?? 'unknown'
  return {
    nproc: availableParallelism(),
    cpu: model.trim(),
    memoryGb: Math.round(totalmem() / 1073741824),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

const HEADERS = ['section', 'case', 'A', 'B', 'ratio', 'target', 'holds']

function cells(row: Row): string[] {
  const holds = row.holds === undefined ? '' : row.holds ? 'yes' : 'NO'
  return [row.section, row.case, row.a, row.b ?? '', fmtRatio(row.ratio), row.target ?? '', holds]
}

/** A plain-text table that also reads as Markdown, so it pastes into docs/performance.md as is. */
export function renderTable(rows: readonly Row[]): string {
  const body = rows.map(cells)
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)))
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.section} / ${r.case}: ${r.note}`)
  return [line(HEADERS), rule, ...body.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n')
}

export function writeResults(file: string, sections: Record<string, SectionResult>, meta: Record<string, unknown>): void {
  mkdirSync(new URL('.', `file://${file}`).pathname, { recursive: true })
  const rows = Object.values(sections).flatMap((s) => s.rows)
  const data = Object.fromEntries(Object.entries(sections).map(([k, s]) => [k, s.data]))
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine: machine(), ...meta, rows, sections: data }, null, 2) + '\n')
}
