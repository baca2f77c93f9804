// What a run's live feed carries (live-feed.ts): per-second snapshots of every metric by tag set,
// the run's samples one by one for outputs that want them (--out json=FILE), and phase events.
import type { LatencyHistogram } from '../metrics/latency-histogram.ts'
import type { MetricType } from '../metrics/metric-catalog.ts'
import type { LiveTags } from './live-tags.ts'
import type { SampleBlock } from './sample-block.ts'

export type { LiveTags }

/**
 * One metric with one tag set over one second: a counter's `sum`; a rate's `sum` passes of
 * `count`; a gauge's last value in `sum`; a trend's `count` values in `histogram` (microseconds
 * for request times, thousandths for a custom trend: read percentile(p) / 1000).
 */
export interface LiveSeries {
  metric: string
  type: MetricType
  tags: LiveTags
  count: number
  sum: number
  histogram?: LatencyHistogram
}

/** One second of the run (all worker threads added up). */
export interface LiveSnapshot {
  /** The second of the run's clock (0 = the first). */
  tick: number
  /** The tick covered its whole second (the last one usually does not). */
  full: boolean
  /** Wall-clock end of the second (epoch ms). */
  epochMs: number
  /** Threads active at the end of the second (k6's vus), and the plan's most (vus_max). */
  vus: number
  vusMax: number
  series: LiveSeries[]
  /** Samples the collectors could not keep this second (over their bound), for sample outputs. */
  samplesDropped: number
}

export interface LiveEvent {
  type: 'phase-started' | 'phase-completed'
  phase: string
  /** Wall clock (epoch ms). */
  epochMs: number
}

export type LiveBatch =
  | { kind: 'second'; snapshot: LiveSnapshot }
  /** Samples in the order taken; `startEpochMs` turns their run-clock times into wall-clock ones. */
  | { kind: 'samples'; blocks: SampleBlock[]; startEpochMs: number }
  | { kind: 'event'; event: LiveEvent }
