// The comparison's tables: the runs side by side (where and when each ran), and each figure per
// run with its difference from the first run and the verdict `compare` reached.
import { formatCount, formatMs, formatPercent, formatRate } from '../format.ts'
import type { Comparison, ComparisonDiff, ComparisonRow } from '../compare/comparison-types.ts'
import { htmlTable, name, num, type Cell, type CellInput, type Column } from './html-table.ts'

/** How the comparison shows a value of each unit (as the printed report does). */
export const UNIT_FORMATS: Record<ComparisonRow['unit'], (n: number) => string> = {
  'ms': formatMs,
  'req/s': formatRate,
  'ratio': formatPercent,
  'count': formatCount,
}

export function runsTable(comparison: Comparison): string {
  const rows: CellInput[][] = comparison.runs.map((run, i) => {
    const s = run.summary
    const env = s.environment
    return [
      name(i === 0 ? `${run.label} (baseline)` : run.label, 'label'),
      name(s.scenario, 'scenario'),
      name(s.target, 'target'),
      { text: s.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), key: 'startedAt', value: s.startedAt, cls: 'text' },
      num('requests', s.overall.requests, formatCount),
      num('wallMs', s.wallMs, (ms) => (ms / 1000).toFixed(1)),
      { text: env && env.node !== 'unknown' ? `Node ${env.node}, ${env.machine.cpus} × ${env.machine.model}` : 'unknown (schema /1)', key: 'environment', cls: 'name text' },
    ]
  })
  return htmlTable('runs-table', [{ title: 'run', text: true }, { title: 'scenario', text: true }, { title: 'target', text: true },
    { title: 'started', text: true }, 'requests', 'wall s', { title: 'environment', text: true }], rows)
}

export function comparisonTable(comparison: Comparison): string {
  const [baseline, ...others] = comparison.runs
  const columns: (Column | string)[] = [{ title: '', text: true }, baseline!.label]
  for (const run of others) columns.push(run.label, `change vs ${baseline!.label}`, { title: 'verdict', text: true })
  const rows: CellInput[][] = comparison.rows.map((row) => {
    const format = UNIT_FORMATS[row.unit]
    const cells: CellInput[] = [{ key: 'label', value: row.label, text: row.label, cls: 'text label' }, valueCell(row, 0, format)]
    others.forEach((_, j) => cells.push(valueCell(row, j + 1, format), changeCell(row.diffs[j + 1] ?? null, format), verdictCell(row.diffs[j + 1] ?? null)))
    return cells
  })
  return htmlTable('comparison-table', columns, rows)
}

function valueCell(row: ComparisonRow, i: number, format: (n: number) => string): Cell {
  const value = row.values[i]
  return value === null || value === undefined ? { key: `value-${i}`, text: '-' } : num(`value-${i}`, value, format)
}

/** `+12.3% (+0.120 ms; 95% CI +0.05 … +0.19)`. */
function changeCell(diff: ComparisonDiff | null, format: (n: number) => string): Cell {
  if (!diff) return { key: 'change', text: '-' }
  const signed = (n: number) => (n > 0 ? '+' : n < 0 ? '−' : '±') + format(Math.abs(n))
  const relative = diff.relative === null ? '' : `${diff.relative > 0 ? '+' : diff.relative < 0 ? '−' : '±'}${Math.abs(diff.relative * 100).toFixed(1)}% `
  const interval = diff.interval ? `; 95% CI ${signed(diff.interval[0])} … ${signed(diff.interval[1])}` : ''
  return { key: 'change', value: diff.absolute, text: `${relative}(${signed(diff.absolute)}${interval})` }
}

function verdictCell(diff: ComparisonDiff | null): Cell {
  const verdict = diff?.verdict ?? null
  if (verdict === null) return { key: 'verdict', text: '', cls: 'text' }
  const cls = verdict === 'better' ? 'ok text' : verdict === 'worse' ? 'bad text' : 'same text'
  return { key: 'verdict', value: verdict, text: verdict, cls }
}
