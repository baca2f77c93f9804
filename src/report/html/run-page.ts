// A run's HTML report: one self-contained page (see page-shell.ts) with the run over time, its
// latency distribution, the tables of the printed report, and the summary embedded as data.
import type { Summary } from '../summary-types.ts'
import { escapeHtml } from './escape.ts'
import { chartBox, section } from './html-table.ts'
import { htmlPage } from './page-shell.ts'
import { checkTable, iterationErrorTable, k6MetricTable, thresholdTable } from './run-checks.ts'
import { runCharts, type RunCharts } from './run-charts.ts'
import { capacitySectionHtml } from './run-capacity.ts'
import { runHeader } from './run-header.ts'
import { serviceTimeContent } from './run-service-time.ts'
import { endpointTable, errorTable, openModelTable, phaseTable, scenarioTable, statusClassTable, streamTable } from './run-tables.ts'

/** What the run page embeds in #edgeload-data: the summary as written by --out, and the chart data. */
export interface RunPageData {
  page: 'run'
  summary: Summary
  charts: RunCharts
}

/** Browser scripts of the run page, in order. */
export const RUN_SCRIPTS = ['common.js', 'phase-bands.js', 'throughput-chart.js', 'latency-chart.js', 'threads-chart.js', 'distribution-chart.js', 'capacity-chart.js', 'run-main.js']

export function htmlReport(summary: Summary): string {
  const charts = runCharts(summary)
  const data: RunPageData = { page: 'run', summary, charts }
  return htmlPage({ title: `${summary.scenario}: edgeload report`, body: runBody(summary, charts), data, scripts: RUN_SCRIPTS })
}

function runBody(summary: Summary, charts: RunCharts): string {
  const parallel = summary.form === 'scenarios'
  const percentileNote = charts.distribution.source === 'histogram'
    ? `Every request's latency (${charts.distribution.count} requests, from the run's HDR histogram) at each percentile; the axis stretches the tail: 90%, 99%, 99.9% are equally far apart.`
    : 'This summary (schema /1) kept no histogram: the line joins its min, p50, p90, p95, p99, p99.9 and max only.'
  const sections = [
    summary.capacity ? capacitySectionHtml(summary.capacity) : '',
    section('over-time', 'Over time', [
      chartBox('chart-throughput', 'Requests and errors per second', `Each point is one second of the run; the shaded bands are the ${parallel ? 'scenarios' : 'phases'}. The last second may be partial.`),
      chartBox('chart-latency', 'Latency per second (ms)', charts.timeline.p90
        ? 'p50, p90, p99 and max of the requests that ended in each second.'
        : 'p50 and p99 of the requests that ended in each second (this summary, schema /1, kept no p90 or max per second).'),
      chartBox('chart-threads', 'Active threads', 'Threads (virtual users, k6\'s vus) running in each second, the most seen.', 180),
    ].join('\n'), !summary.capacity),
    section('distribution', 'Latency distribution', [
      chartBox('chart-distribution', 'Latency by percentile (ms)', percentileNote, 280),
      `<div class="table-block"><h3>By status class</h3>${statusClassTable(summary)}</div>`,
      openModelTable(summary),
    ].join('\n')),
    section('tables', parallel ? 'Scenarios, phases and endpoints' : 'Phases and endpoints', [
      parallel ? `<div class="table-block"><h3>Scenarios</h3>${scenarioTable(summary)}</div>` : '',
      `<div class="table-block"><h3>${parallel ? 'Phases of each scenario' : 'Phases'}</h3>${phaseTable(summary)}</div>`,
      `<div class="table-block"><h3>Endpoints</h3>${endpointTable(summary)}</div>`,
    ].join('\n')),
    section('checks', 'Thresholds, checks and errors', [
      `<div class="table-block"><h3>Thresholds</h3>${thresholdTable(summary)}</div>`,
      `<div class="table-block"><h3>Checks</h3>${checkTable(summary)}</div>`,
      `<div class="table-block"><h3>Errors by kind</h3>${errorTable(summary)}</div>`,
      `<div class="table-block"><h3>Iteration errors</h3>${iterationErrorTable(summary)}</div>`,
      `<div class="table-block"><h3>k6 metrics</h3>${k6MetricTable(summary)}</div>`,
      streamTable(summary),
    ].join('\n')),
    section('service-time', 'Cold starts and server time', serviceTimeContent(summary)),
  ]
  return `<main>
${runHeader(summary)}
${sections.join('\n')}
<footer>${escapeHtml(`${made(summary)} · the summary is embedded in this file (#edgeload-data)`)}</footer>
</main>`
}

/** Which edgeload made the run, when the summary says (a /1 summary does not). */
function made(summary: Summary): string {
  const runner = summary.environment?.runner
  return runner && runner !== 'unknown' ? `made by edgeload ${runner}` : 'made by edgeload'
}
