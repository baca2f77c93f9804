// The comparison page of `compare A B ... --html FILE` and compare:local --html: the runs'
// distributions and timelines overlaid, and the comparison table with its verdicts.
import { formatChange } from '../compare/comparison-text.ts'
import type { Comparison } from '../compare/comparison-types.ts'
import { escapeHtml } from './escape.ts'
import { chartBox, section } from './html-table.ts'
import { comparisonCharts, type ComparedSeries } from './comparison-charts.ts'
import { comparisonTable, runsTable } from './comparison-table.ts'
import { htmlPage } from './page-shell.ts'

/** What the comparison page embeds in #edgeload-data. */
export interface ComparisonPageData {
  page: 'comparison'
  comparison: Comparison
  charts: ComparedSeries[]
}

export const COMPARISON_SCRIPTS = ['common.js', 'distribution-chart.js', 'overlay-chart.js', 'compare-main.js']

export function comparisonHtml(comparison: Comparison): string {
  const data: ComparisonPageData = { page: 'comparison', comparison, charts: comparisonCharts(comparison.runs) }
  const title = `Comparison: ${comparison.runs.map((r) => r.label).join(' vs ')}`
  return htmlPage({ title, body: comparisonBody(comparison, title), data, scripts: COMPARISON_SCRIPTS })
}

function comparisonBody(comparison: Comparison, title: string): string {
  const sections = [
    section('comparison', 'Figures and verdicts', [
      comparisonTable(comparison),
      `<p class="note" id="method">${escapeHtml(comparison.method)}</p>`,
    ].join('\n'), true),
    section('compare-distribution', 'Latency distributions', chartBox('chart-compare-distribution', 'Latency by percentile (ms), one line per run',
      'Each run\'s latency at each percentile; the axis stretches the tail: 90%, 99%, 99.9% are equally far apart. A line above another is slower there.', 300)),
    section('compare-timelines', 'Over time', [
      chartBox('chart-compare-throughput', 'Requests per second', 'Second 0 of every run at the left; one point per second of each run.'),
      chartBox('chart-compare-p99', 'p99 latency per second (ms)', 'The 99th percentile of the requests that ended in each second.'),
    ].join('\n')),
  ]
  return `<main>
<header class="report">
<h1>${escapeHtml(title)}</h1>
${headline(comparison)}
${failOn(comparison)}
</header>
<div class="table-block"><h3>Runs</h3>${runsTable(comparison)}</div>
${sections.join('\n')}
<footer>edgeload · the comparison and every run's summary are embedded in this file (#edgeload-data)</footer>
</main>`
}

/**
 * The answer first: for each run, the figures that are significantly better or worse than the
 * baseline's; else that none differ significantly, or why nothing could be judged.
 */
function headline(comparison: Comparison): string {
  const [baseline, ...others] = comparison.runs
  const items = others.map((run, j) => {
    const i = j + 1
    const judged = comparison.rows.filter((row) => row.diffs[i]?.verdict === 'better' || row.diffs[i]?.verdict === 'worse')
    const parts = judged.map((row) => {
      const diff = row.diffs[i]!
      return `<span class="${diff.verdict === 'better' ? 'ok' : 'bad'}">${escapeHtml(`${row.label} ${diff.verdict} (${formatChange(row, diff, row.values[0])})`)}</span>`
    })
    const verdicts = comparison.rows.map((row) => row.diffs[i]?.verdict).filter((v) => v)
    const rest = parts.length > 0 ? ''
      : verdicts.includes('no significant difference') ? escapeHtml('no significant difference in any figure judged')
      : escapeHtml(verdicts[0] ?? 'no verdict')
    return `<li>${escapeHtml(`${run.label} against ${baseline!.label}: `)}${parts.join(', ')}${rest}</li>`
  })
  return `<ul class="headline" id="headline">${items.join('')}</ul>`
}

/** `--fail-on` rules: which held and which found a significant regression (exit 99). */
function failOn(comparison: Comparison): string {
  if (comparison.failOn.length === 0) return ''
  const items = comparison.failOn.map((r) =>
    `<li><span class="verdict ${r.failed || r.unjudged ? 'bad' : 'ok'}">${escapeHtml(`${r.rule}: ${r.failed ? 'regression' : r.unjudged ? 'cannot judge' : 'ok'}`)}</span> ${escapeHtml(`${r.run}: ${r.reason}`)}</li>`)
  return `<ul id="fail-on" class="fail-on">${items.join('')}</ul>`
}
