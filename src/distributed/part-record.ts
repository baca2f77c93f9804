/**
 * What a part of a distributed run adds to its summary (`segment`, docs/distributed.md), so that
 * `merge` can check the parts belong together and rebuild the run as one process would have
 * measured it: the segment, the scenario's identity, the thresholds as parsed, the run's metrics
 * serialized exactly (the form --workers merges), and the per-second threshold ticks that sliding
 * windows are judged on.
 */
import type { Part } from '../load/executors/executor.ts'
import type { SerializedAggregate } from '../load/metrics/aggregates.ts'
import type { SerializedMetrics } from '../load/metrics/run-metrics.ts'
import type { ParsedThreshold } from '../load/metrics/thresholds.ts'

export interface PartTick {
  /** Second of the run's clock (which starts at --start-at when given). */
  tick: number
  /** Every worker thread's tick covered the whole second. */
  full: boolean
  data: Record<string, SerializedAggregate>
}

export interface PartRecord {
  /** 1-based, as `--segment i/n` was given. */
  index: number
  count: number
  /** scenario-identity.ts: the scenario file and the plan made of it. */
  scenarioId: string
  /**
   * The distributed run's identity, the same in all its parts (scenario-identity.ts `runIdentity`:
   * the scenario's identity, the number of parts, the --start-at and the target); absent in parts
   * written before it existed.
   */
  runId?: string
  /** `--start-at` as ISO, or null when the part started on its own. */
  startAt: string | null
  thresholds: ParsedThreshold[]
  metrics: SerializedMetrics
  /** Only for the thresholds with a `window` (the others read `metrics`' sinks). */
  ticks: PartTick[]
  iterationErrors: number
}

export function partRecord(segment: Part, fields: Omit<PartRecord, 'index' | 'count'>): PartRecord {
  return { index: segment.index + 1, count: segment.count, ...fields }
}
