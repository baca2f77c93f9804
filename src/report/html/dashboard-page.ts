// The live dashboard's page (src/dashboard/live-dashboard.ts): the HTML report's "Over time"
// charts, drawn by the report's own chart scripts from seconds that arrive as server-sent events
// (client/dashboard-main.js), the phases as they start and the thresholds as they are judged.
// When the run ends the page reloads into the run's `--html` report.
import type { LiveSecond } from '../../dashboard/live-second.ts'
import type { ThresholdResult } from '../../load/metrics/thresholds.ts'
import { escapeHtml } from './escape.ts'
import { chartBox, section } from './html-table.ts'
import { htmlPage } from './page-shell.ts'

/** A phase on the timeline; `open` while it runs (its end moves with the run). */
export interface LiveBand {
  name: string
  scenario: string
  startS: number
  endS: number
  open: boolean
}

/** The run so far: what the page embeds, and what a viewer gets first on the event stream. */
export interface DashboardState {
  title: string
  seconds: LiveSecond[]
  bands: LiveBand[]
  thresholds: ThresholdResult[]
  /** The run's clock at the last second received (ms). */
  endMs: number
}

/** Browser scripts: the run page's chart modules, then the live loop instead of run-main.js. */
export const DASHBOARD_SCRIPTS = ['common.js', 'phase-bands.js', 'throughput-chart.js', 'latency-chart.js', 'threads-chart.js', 'dashboard-main.js']

export function dashboardPage(state: DashboardState): string {
  const body = `<main>
<header class="report">
<h1>${escapeHtml(state.title)}</h1>
<p class="meta"><span>live dashboard</span><span id="live-status">connecting…</span><span id="live-seconds">0 s</span></p>
</header>
${section('over-time', 'Over time', [
    chartBox('chart-throughput', 'Requests and errors per second', 'Each point is one second of the run, added as it ends; the shaded bands are the phases as they start.'),
    chartBox('chart-latency', 'Latency per second (ms)', 'p50, p90, p99 and max of the requests that ended in each second.'),
    chartBox('chart-threads', 'Active threads', 'Threads (virtual users, k6\'s vus) running in each second.', 180),
  ].join('\n'), true)}
${section('live-phases', 'Phases', '<ul class="headline" id="phase-list"></ul>')}
${section('live-thresholds', 'Thresholds', '<p class="note">As judged after each second, over the run so far (a window: its worst window). The report at the end judges them on the whole run.</p><ul class="headline" id="threshold-list"></ul>')}
<footer>made by edgeload · when the run ends this page becomes its HTML report</footer>
</main>`
  return htmlPage({ title: `${state.title}: edgeload live`, body, data: { page: 'dashboard', state }, scripts: DASHBOARD_SCRIPTS, connectSelf: true })
}
