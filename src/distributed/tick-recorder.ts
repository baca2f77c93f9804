/**
 * The threshold monitor of a part of a distributed run, which also keeps the ticks of the
 * sink keys that windowed thresholds read: `merge` replays the parts' ticks, added up second by
 * second, through a monitor of its own, so a sliding window is judged on the whole run's load.
 * Memory: one small aggregate per windowed key per second of the run.
 */
import { deserializeAggregate, type Aggregate, type SerializedAggregate } from '../load/metrics/aggregates.ts'
import { ThresholdMonitor } from '../load/metrics/threshold-monitor.ts'
import type { TickData } from '../load/metrics/threshold-sinks.ts'
import type { ParsedThreshold } from '../load/metrics/thresholds.ts'
import type { PartTick } from './part-record.ts'

export class RecordingMonitor extends ThresholdMonitor {
  private readonly keys: Set<string>
  private readonly ticks = new Map<number, { full: boolean; data: Map<string, Aggregate> }>()

  constructor(thresholds: readonly ParsedThreshold[], parts: number, onAbort: (threshold: ParsedThreshold) => void) {
    super(thresholds, parts, onAbort)
    this.keys = new Set(thresholds.filter((t) => t.windowS).map((t) => t.key))
  }

  override ingest(tick: number, data: TickData, full = true): void {
    if (this.keys.size > 0) this.keep(tick, data, full)
    super.ingest(tick, data, full)
  }

  /** Worker threads each send their tick: they add up here as they do in the monitor. */
  private keep(tick: number, data: TickData, full: boolean): void {
    let entry = this.ticks.get(tick)
    if (!entry) this.ticks.set(tick, (entry = { full: true, data: new Map() }))
    entry.full &&= full
    addTickData(entry.data, data, this.keys)
  }

  recordedTicks(): PartTick[] {
    return [...this.ticks].sort(([a], [b]) => a - b).map(([tick, { full, data }]) => ({
      tick, full, data: Object.fromEntries([...data].map(([key, aggregate]) => [key, aggregate.serialize()])),
    }))
  }
}

/** Adds a tick's data (of `keys` only, when given) into `into`, key by key. */
export function addTickData(into: Map<string, Aggregate>, data: Record<string, SerializedAggregate>, keys?: ReadonlySet<string>): void {
  for (const [key, serialized] of Object.entries(data)) {
    if (keys && !keys.has(key)) continue
    const aggregate = deserializeAggregate(serialized)
    const mine = into.get(key)
    if (mine) mine.merge(aggregate)
    else into.set(key, aggregate)
  }
}
