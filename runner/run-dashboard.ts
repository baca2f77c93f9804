/**
 * `--dashboard[=PORT]` in a run (run-command.ts): the live page listens before the first
 * request, takes the run's live feed and the threshold monitor's judgments, and at the end
 * serves the run's report until open viewers have it.
 */
import { LiveDashboard } from '../src/dashboard/live-dashboard.ts'
import type { LiveFeed } from '../src/load/live/live-feed.ts'
import { ThresholdMonitor } from '../src/load/metrics/threshold-monitor.ts'
import type { MonitorFactory } from '../src/load/run-and-judge.ts'
import type { LiveOutput } from './live-output.ts'

export async function startDashboard(port: number, title: string, feed: LiveFeed, out: LiveOutput): Promise<LiveDashboard> {
  const dashboard = await LiveDashboard.start(port, title, () => feed.startEpochMs)
  feed.subscribe(dashboard.subscriber())
  // Always printed (as the report is): with --dashboard=0 this is the only way to know the port.
  out.report(`Dashboard: ${dashboard.url} (live while the run goes, then its report)`)
  return dashboard
}

/** The run's threshold monitor (`base`'s, else the standard one), telling the dashboard how thresholds stand each second. */
export function monitorTelling(dashboard: LiveDashboard, base: MonitorFactory | undefined): MonitorFactory {
  return (...args) => {
    const monitor = base ? base(...args) : new ThresholdMonitor(...args)
    monitor.onJudged = dashboard.thresholdsJudged
    return monitor
  }
}

/** After the report: the page becomes the report; says what slow viewers missed. */
export async function finishDashboard(dashboard: LiveDashboard, summary: Parameters<LiveDashboard['finish']>[0], out: LiveOutput): Promise<void> {
  await dashboard.finish(summary)
  if (dashboard.dropped > 0) out.warn(`Dashboard: ${dashboard.dropped} updates not sent to viewers that were too far behind`)
}
