// The comparison as text: one column per run (as compare:local always printed), then for each
// run after the first its change against the first and the verdict.
import { formatCount, formatMs, formatPercent, formatRate } from '../format.ts'
import { formatTable } from '../table.ts'
import type { Comparison, ComparisonDiff, ComparisonRow } from './comparison-types.ts'

export function comparisonText(comparison: Comparison, extraRows: string[][] = []): string[] {
  const { runs } = comparison
  const header = ['', runs[0]!.label]
  for (const run of runs.slice(1)) header.push(run.label, `vs ${runs[0]!.label}`, '')
  const rows = comparison.rows.map((row) => {
    const cells = [row.label, formatRowValue(row, row.values[0]!)]
    row.values.slice(1).forEach((v, k) => {
      const d = row.diffs[k + 1]
      cells.push(formatRowValue(row, v), d ? formatChange(row, d, row.values[0]) : '', d?.verdict ?? '')
    })
    return cells
  })
  // Rows only a caller knows (compare:local's store), one cell per run, no change.
  for (const [label, ...cells] of extraRows) rows.push([label!, cells[0] ?? '', ...cells.slice(1).flatMap((c) => [c, '', ''])])
  const left = runs.slice(1).map((_, k) => 4 + k * 3)
  const lines = formatTable(header, rows, { leftColumns: left })
  return [...lines, '', ...notes(comparison)]
}

function notes(comparison: Comparison): string[] {
  const lines = [`Method: ${comparison.method}.`]
  for (const run of comparison.runs) {
    if (run.members) lines.push(`${run.label}: ${run.members.join(', ')}`)
    else if (run.version === 1) lines.push(`${run.label}: a schema /1 summary: no per-second histograms, so its percentiles get no verdict.`)
    else if (run.seconds < comparison.bootstrap.minSeconds) lines.push(`${run.label}: ${run.seconds} whole second${run.seconds === 1 ? '' : 's'}: too short to judge (needs ${comparison.bootstrap.minSeconds}; run longer, e.g. --duration 30s).`)
  }
  const fewRequests = new Set(comparison.rows.flatMap((row) => row.diffs.flatMap((d) => (d?.verdict === 'too few requests' && d.why ? [`${row.label.replace(/ \(.*\)$/, '')}: too few requests (${d.why})`] : []))))
  lines.push(...fewRequests)
  // Comparing the same target under two scenarios is rarely meant: say so rather than judge quietly.
  const scenarios = new Set(comparison.runs.map((r) => r.summary.scenario))
  if (scenarios.size > 1) lines.push(`The runs are of different scenarios: ${comparison.runs.map((r) => `${r.label} ${r.summary.scenario}`).join(', ')}.`)
  const environments = new Set(comparison.runs.map(environmentText))
  if (environments.size > 1) {
    lines.push('The runs were made in different environments:')
    for (const run of comparison.runs) lines.push(`  ${run.label}: ${environmentText(run)}`)
  }
  for (const result of comparison.failOn) {
    lines.push(`--fail-on ${result.rule}: ${result.run}: ${result.failed ? 'FAILED' : result.unjudged ? 'CANNOT JUDGE' : 'ok'} (${result.reason})`)
  }
  return lines
}

function environmentText(run: Comparison['runs'][number]): string {
  if (run.version === 1) return 'not recorded (schema /1)'
  const e = run.summary.environment
  return `${e.machine.cpus} × ${e.machine.model}, ${e.machine.os}, Node ${e.node}, edgeload ${e.runner}`
}

/** A figure in its row's unit, as the report prints it (also the HTML page's cells). */
export function formatRowValue(row: ComparisonRow, v: number | null): string {
  if (v === null) return '-'
  switch (row.unit) {
    case 'ms': return formatMs(v)
    case 'req/s': return formatRate(v)
    case 'ratio': return formatPercent(v)
    default: return formatCount(v)
  }
}

/** `+12.3% [+8.1%, +16.0%]`; error rates in percentage points. */
export function formatChange(row: ComparisonRow, d: ComparisonDiff, base: number | null | undefined): string {
  if (row.unit === 'ratio') {
    const points = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}`
    return `${points(d.absolute)} pt${d.interval ? ` [${points(d.interval[0])}, ${points(d.interval[1])}]` : ''}`
  }
  if (d.relative === null || !base) return d.absolute === 0 ? '0' : 'n/a'
  const percent = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`
  const within = d.relativeInterval ?? (d.interval ? [d.interval[0] / base, d.interval[1] / base] : null)
  return `${percent(d.relative)}${within ? ` [${percent(within[0])}, ${percent(within[1])}]` : ''}`
}
