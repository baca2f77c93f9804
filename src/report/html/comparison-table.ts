// The comparison's tables: the runs side by side (where and when each ran), and each figure per
// run with its difference from the first run and the verdict `compare` reached.
import { formatCount } from '../format.ts'
import { formatChange, formatRowValue } from '../compare/comparison-text.ts'
import type { Comparison, ComparisonDiff, ComparisonRow } from '../compare/comparison-types.ts'
import { htmlTable, name, num, type Cell, type CellInput, type Column } from './html-table.ts'

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
    const cells: CellInput[] = [{ key: 'label', value: row.label, text: row.label, cls: 'text label' }, valueCell(row, 0)]
    others.forEach((_, j) => cells.push(valueCell(row, j + 1), changeCell(row, row.diffs[j + 1] ?? null), verdictCell(row.diffs[j + 1] ?? null)))
    return cells
  })
  return htmlTable('comparison-table', columns, rows)
}

/** A figure as `compare` prints it. */
function valueCell(row: ComparisonRow, i: number): Cell {
  const value = row.values[i] ?? null
  return { key: `value-${i}`, value, text: formatRowValue(row, value) }
}

/** The change against the baseline as `compare` prints it: `+12.3% [+8.1%, +16.0%]`, error rates in points. */
function changeCell(row: ComparisonRow, diff: ComparisonDiff | null): Cell {
  if (!diff) return { key: 'change', text: '-' }
  return { key: 'change', value: diff.absolute, text: formatChange(row, diff, row.values[0]) }
}

function verdictCell(diff: ComparisonDiff | null): Cell {
  const verdict = diff?.verdict ?? null
  if (verdict === null) return { key: 'verdict', text: '', cls: 'text' }
  const cls = verdict === 'better' ? 'ok text' : verdict === 'worse' ? 'bad text' : 'same text'
  return { key: 'verdict', value: verdict, text: verdict, cls }
}
