// Once a second of the run's clock, in every process of a run (the main thread, or each worker
// thread): hand the thresholds' tick data on (to the monitor here, or posted to the main thread).
// Every SAMPLE_MS it notes the active threads in the per-second series, which keeps the most of
// each second (k6's vus). `stop` hands the last, partial tick, so nothing measured escapes the
// monitor; a partial tick is marked so windows do not take it for a whole second.
import type { LiveCounters, RunControl } from '../run-control.ts'
import type { RunMetrics } from './run-metrics.ts'
import type { TickData } from './threshold-sinks.ts'
import type { LivePart } from '../live/live-collector.ts'

/**
 * `full`: the tick covered its whole second of the run's clock. `live`: the second's live-feed
 * part when a feed listens (metrics.live), with the threads active as the second ended.
 */
export type TickHandler = (tick: number, data: TickData, full: boolean, live?: { part: LivePart; vus: number }) => void

const SAMPLE_MS = 100

/** Start it when the run's clock starts (the phases start). */
export function startMetricsTicker(control: RunControl, metrics: RunMetrics, live: LiveCounters, onTick: TickHandler): () => void {
  const startedMs = control.now()
  let tick = Math.max(0, Math.floor(startedMs / 1000))
  let full = startedMs - tick * 1000 < 50
  let timer: NodeJS.Timeout | undefined
  const fire = (): void => {
    onTick(tick++, metrics.sinks.takeTick(), full, liveOf())
    full = true
    schedule()
  }
  const schedule = (): void => {
    timer = setTimeout(fire, Math.max(0, (tick + 1) * 1000 - control.now()))
    timer.unref()
  }
  const liveOf = () => (metrics.live ? { part: metrics.live.take(), vus: live.activeThreads } : undefined)
  const sample = (): void => {
    metrics.series.threads(control.now(), live.activeThreads)
    metrics.threadsSample(live.activeThreads)
  }
  const sampler = setInterval(sample, SAMPLE_MS)
  sampler.unref()
  sample()
  schedule()
  return () => {
    clearTimeout(timer)
    clearInterval(sampler)
    metrics.threadsSample(live.activeThreads)
    onTick(tick, metrics.sinks.takeTick(), false, liveOf())
  }
}
