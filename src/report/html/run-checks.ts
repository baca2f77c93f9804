// Thresholds (pass/fail with the measured value, as the printed report words them) and checks.
import { formatCount, formatPercent } from '../format.ts'
import { formatActual, k6MetricRows, thresholdNotes } from '../report-sections.ts'
import type { Summary } from '../summary-types.ts'
import { htmlTable, name, num, type CellInput } from './html-table.ts'

export function thresholdTable(summary: Summary): string {
  const rows: CellInput[][] = summary.thresholds.map((t) => [
    { text: t.ok ? '✓ pass' : '✗ fail', key: 'ok', value: String(t.ok), cls: t.ok ? 'ok text' : 'bad text' },
    name(t.metric, 'metric'),
    name(t.expression, 'expression'),
    { text: formatActual(t), key: 'actual', value: t.actual },
    { text: thresholdNotes(t), key: 'notes', cls: 'text' },
  ])
  return htmlTable('thresholds-table', [{ title: '', text: true }, { title: 'metric', text: true }, { title: 'threshold', text: true }, 'actual', { title: '', text: true }],
    rows, 'no thresholds in this scenario')
}

export function checkTable(summary: Summary): string {
  const rows: CellInput[][] = summary.checks.map((c) => [
    { text: c.fails === 0 ? '✓' : '✗', key: 'ok', value: String(c.fails === 0), cls: c.fails === 0 ? 'ok text' : 'bad text' },
    name(c.name),
    num('passes', c.passes, formatCount),
    num('fails', c.fails, formatCount),
    num('rate', c.rate, formatPercent),
  ])
  return htmlTable('checks-table', [{ title: '', text: true }, { title: 'check', text: true }, 'passes', 'fails', 'pass rate'], rows, 'no checks in this scenario')
}

/** k6's built-in metrics (iteration_duration, http_req_blocked, vus, ...), as the printed report's "k6 metrics". */
export function k6MetricTable(summary: Summary): string {
  const rows: CellInput[][] = k6MetricRows(summary).map(([metric, values]) => [name(metric, 'metric'), { text: values, key: 'values', cls: 'text' }])
  return htmlTable('k6-metrics-table', [{ title: 'metric', text: true }, { title: 'values', text: true }], rows, 'none measured')
}

/** Each distinct exception iterations threw, with its count and where it was first thrown in the scenario. */
export function iterationErrorTable(summary: Summary): string {
  const rows: CellInput[][] = (summary.iterationErrorMessages ?? []).map((e) => [
    num('count', e.count, formatCount), name(e.message, 'message'), name(e.at || '(unknown)', 'at'),
  ])
  return htmlTable('iteration-errors-table', ['count', { title: 'error', text: true }, { title: 'first thrown at', text: true }], rows, 'no iteration threw')
}
