// Once a second of the run's clock, in every process of a run (the main thread, or each worker
// thread): note the active threads in the per-second series (k6's vus) and hand the thresholds'
// tick data on (to the monitor here, or posted to the main thread). `stop` hands the last,
// partial tick, so nothing measured escapes the sliding windows.
import type { LiveCounters, RunControl } from '../run-control.ts'
import type { RunMetrics } from './run-metrics.ts'
import type { TickData } from './threshold-sinks.ts'

export type TickHandler = (tick: number, data: TickData) => void

export function startMetricsTicker(control: RunControl, metrics: RunMetrics, live: LiveCounters, onTick: TickHandler): () => void {
  let tick = Math.max(0, Math.floor(control.now() / 1000))
  let timer: NodeJS.Timeout | undefined
  const fire = (): void => {
    const now = control.now()
    metrics.series.threads(now - 1, live.activeThreads)
    onTick(tick++, metrics.sinks.takeTick())
    schedule()
  }
  const schedule = (): void => {
    timer = setTimeout(fire, Math.max(0, (tick + 1) * 1000 - control.now()))
    timer.unref()
  }
  metrics.series.threads(control.now(), live.activeThreads)
  schedule()
  return () => {
    clearTimeout(timer)
    metrics.series.threads(control.now(), live.activeThreads)
    onTick(tick, metrics.sinks.takeTick())
  }
}
