// HTML tables of the report. Every cell's text is escaped here; a numeric cell also carries its
// raw value (data-value) and its column key (data-key), so a reader or a test can check what the
// page shows against the JSON it came from.
import { formatMs } from '../format.ts'
import type { LatencySummary } from '../summary-types.ts'
import { escapeHtml } from './escape.ts'

export interface Cell {
  text: string
  /** The number (or text) the cell shows, before formatting. */
  value?: number | string | null
  /** Column key, e.g. `requests`, `p99`. */
  key?: string
  /** Classes: `name` (a user's name: wraps), `text` (left-aligned), `ok`/`bad`/`same`. */
  cls?: string
}

export type CellInput = Cell | string

export interface Column {
  title: string
  /** Left-aligned text column (the first always is). */
  text?: boolean
}

/** A table, or a muted line saying it is empty. `id` names the table for links and tests. */
export function htmlTable(id: string, columns: (Column | string)[], rows: CellInput[][], empty = 'none'): string {
  if (rows.length === 0) return `<p class="empty" id="${escapeHtml(id)}">${escapeHtml(empty)}</p>`
  const head = columns.map((c) => (typeof c === 'string' ? { title: c } : c))
    .map((c) => `<th${c.text ? ' class="text"' : ''} scope="col">${escapeHtml(c.title)}</th>`).join('')
  const body = rows.map((row) => `<tr>${row.map(cellHtml).join('')}</tr>`).join('\n')
  return `<div class="table-wrap"><table id="${escapeHtml(id)}"><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`
}

function cellHtml(input: CellInput): string {
  const cell = typeof input === 'string' ? { text: input } : input
  const attributes = [
    cell.cls ? ` class="${escapeHtml(cell.cls)}"` : '',
    cell.key ? ` data-key="${escapeHtml(cell.key)}"` : '',
    cell.value !== undefined && cell.value !== null ? ` data-value="${escapeHtml(cell.value)}"` : '',
  ].join('')
  return `<td${attributes}>${escapeHtml(cell.text)}</td>`
}

/** A number formatted for display, keeping the raw value. */
export function num(key: string, value: number, format: (n: number) => string): Cell {
  return { key, value, text: format(value) }
}

/** A name a user chose (scenario, phase, endpoint, check): left-aligned, wraps, escaped. */
export function name(text: string, key = 'name'): Cell {
  return { key, value: text, text, cls: 'name text' }
}

export const LATENCY_COLUMNS = ['mean ms', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms']

/** mean, p50, p90, p99, max; '-' for a slice without requests, so it does not read as 0 ms. */
export function latencyCells(latency: LatencySummary | null): Cell[] {
  const keys = ['mean', 'p50', 'p90', 'p99', 'max'] as const
  if (!latency || latency.count === 0) return keys.map((key) => ({ key, text: '-' }))
  return keys.map((key) => num(key, latency[key], formatMs))
}

/** A section: an h2 and its content; the first section of a page does not start a printed page. */
export function section(id: string, title: string, content: string, first = false): string {
  return `<section id="${escapeHtml(id)}"${first ? ' class="first"' : ''}>\n<h2>${escapeHtml(title)}</h2>\n${content}\n</section>`
}

/** A chart's box, filled by the browser script; `note` says how to read it. */
export function chartBox(id: string, title: string, note: string, height = 240): string {
  return `<div class="chart" id="${escapeHtml(id)}" data-height="${height}"><h3>${escapeHtml(title)}</h3><p class="chart-note">${escapeHtml(note)}</p></div>`
}
