import { formatCount, formatMs, formatRate } from '../../src/report/format.ts'
import { formatTable } from '../../src/report/table.ts'
import type { Summary } from '../../src/report/summary.ts'

/** One runtime's column: its run's summary, or why it has none. */
export interface RuntimeColumn {
  runtime: string
  /** What /health reported after the run, e.g. "sqlite (node:sqlite)". */
  store?: string
  summary?: Summary
  /** Why the runtime was not measured (binary cannot run, entry failed, runner failed). */
  missing?: string
}

type Row = [label: string, value: (summary: Summary) => string]

/** The seed report's figures, in its order, plus the cold starts the runner counted. */
const ROWS: Row[] = [
  ['Requests', (s) => formatCount(s.overall.requests)],
  ['Successful', (s) => formatCount(s.overall.successful)],
  ['Wall time (ms)', (s) => formatMs(s.wallMs)],
  ['Throughput (req/s)', (s) => formatRate(s.overall.throughput)],
  ['Mean (ms)', (s) => formatMs(s.overall.latency.mean)],
  ['Median (ms)', (s) => formatMs(s.overall.latency.p50)],
  ['p95 (ms)', (s) => formatMs(s.overall.latency.p95)],
  ['p99 (ms)', (s) => formatMs(s.overall.latency.p99)],
  ['Cold starts', (s) => formatCount(s.overall.coldStarts)],
]

/** One column per runtime; a runtime without a summary shows '-' and a note under the table. */
export function compareTable(columns: RuntimeColumn[]): string[] {
  const header = ['', ...columns.map((c) => c.runtime)]
  const rows = ROWS.map(([label, value]) => [label, ...columns.map((c) => (c.summary ? value(c.summary) : '-'))])
  rows.push(['Store', ...columns.map((c) => c.store ?? '-')])
  const notes = columns.filter((c) => c.missing).map((c) => `  ${c.runtime}: not measured: ${c.missing}`)
  return [...formatTable(header, rows), ...(notes.length ? ['', ...notes] : [])]
}
