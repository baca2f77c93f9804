/**
 * The run's live feed: what outputs (--out json/prometheus/influxdb, a live dashboard) subscribe
 * to. Each process of the run hands it one part a second (live-collector.ts); when every part of
 * a second is in (or a later second shows one is late) it adds them up into a LiveSnapshot and
 * queues it, with that second's samples, for each subscriber. Each subscriber has its own bounded
 * queue and gets one batch at a time: a slow or failing one only loses batches, counted in points
 * (series of a second, samples), and never holds the run up. close() gives them a grace period.
 */
import { LatencyHistogram } from '../metrics/latency-histogram.ts'
import { tagsKey, type LivePart } from './live-collector.ts'
import type { LiveBatch, LiveEvent, LiveSeries, LiveSnapshot } from './live-types.ts'

export interface LiveSubscriber {
  /** Names it in the run's report: `prometheus=http://...`. */
  name: string
  /** Wants every sample (batches of kind 'samples'), not only the per-second snapshots. */
  samples?: boolean
  /** Wants the per-second snapshots (default true). */
  seconds?: boolean
  /** Batches that may wait for it; more are dropped (counted). Default 64. */
  maxQueued?: number
  /** Handles one batch; the next waits for it. A throw counts the batch's points as dropped. */
  write(batch: LiveBatch): Promise<void> | void
  /** At the end, after its last batch: flush what it holds. */
  close?(): Promise<void> | void
  /** Points it dropped itself (e.g. an endpoint that refused them), for the report. */
  droppedByOutput?(): number
  /** Points it got through (e.g. samples a server accepted); default: the points handed to it. */
  written?(): number
  /** Why it last dropped points, if it did. */
  lastError?(): string | undefined
}

export interface SubscriberReport {
  name: string
  /** Points handed to the subscriber (or, when it says, that it got through). */
  delivered: number
  /** Points lost: queue full, a failed write, not flushed within the grace period, or dropped by the output. */
  dropped: number
  /** Why, when the output said (last failure). */
  error?: string
}

interface Subscription {
  subscriber: LiveSubscriber
  queue: LiveBatch[]
  busy: boolean
  /** The batch being written; lost if the grace period ends first. */
  writing: LiveBatch | undefined
  closed: boolean
  delivered: number
  dropped: number
  error?: string
  idle: (() => void)[]
}

interface PendingTick {
  tick: number
  full: boolean
  vus: number
  parts: LivePart[]
}

export const DEFAULT_MAX_QUEUED = 64

export class LiveFeed {
  private readonly subscriptions: Subscription[] = []
  private readonly pending = new Map<number, PendingTick>()
  private parts = 1
  /** Wall clock of the run's clock zero (set when the phases start). */
  startEpochMs = Date.now()

  constructor(readonly vusMax = 0) {}

  subscribe(subscriber: LiveSubscriber): void {
    this.subscriptions.push({ subscriber, queue: [], busy: false, writing: undefined, closed: false, delivered: 0, dropped: 0, idle: [] })
  }

  /** Some subscriber wants every sample: collectors keep them. */
  get wantsSamples(): boolean {
    return this.subscriptions.some((s) => s.subscriber.samples)
  }

  /** How many processes send a part each second (worker threads). */
  expectParts(parts: number): void {
    this.parts = parts
  }

  /** One process's second. */
  ingest(tick: number, full: boolean, vus: number, part: LivePart): void {
    let entry = this.pending.get(tick)
    if (!entry) this.pending.set(tick, (entry = { tick, full: true, vus: 0, parts: [] }))
    entry.full &&= full
    entry.vus += vus
    entry.parts.push(part)
    if (entry.parts.length >= this.parts) this.emit(entry)
    // A part more than a second late is not waited for (it would hold every output back).
    for (const older of [...this.pending.values()]) if (older.tick < tick - 1) this.emit(older)
  }

  event(event: LiveEvent): void {
    this.deliver({ kind: 'event', event })
  }

  /** Emits what is pending, lets subscribers drain for up to `graceMs`, closes them, and reports. */
  async close(graceMs: number): Promise<SubscriberReport[]> {
    for (const entry of [...this.pending.values()].sort((a, b) => a.tick - b.tick)) this.emit(entry)
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())
    await Promise.all(this.subscriptions.map((s) => Promise.race([this.drained(s).then(() => s.subscriber.close?.()), deadline]).catch((error: unknown) => {
      s.error = String((error as Error)?.message ?? error)
    })))
    return this.subscriptions.map((s) => {
      s.closed = true
      for (const batch of [...s.queue, ...(s.writing ? [s.writing] : [])]) s.dropped += pointsIn(batch)
      s.queue = []
      const { subscriber } = s
      return {
        name: subscriber.name, delivered: subscriber.written?.() ?? s.delivered,
        dropped: s.dropped + (subscriber.droppedByOutput?.() ?? 0), error: subscriber.lastError?.() ?? s.error,
      }
    })
  }

  private emit(entry: PendingTick): void {
    this.pending.delete(entry.tick)
    const snapshot: LiveSnapshot = {
      tick: entry.tick, full: entry.full, epochMs: this.startEpochMs + (entry.tick + 1) * 1000,
      vus: entry.vus, vusMax: this.vusMax, series: mergeSeries(entry.parts),
      samplesDropped: entry.parts.reduce((sum, part) => sum + (part.samples?.dropped ?? 0), 0),
    }
    const blocks = entry.parts.flatMap((part) => (part.samples && part.samples.requests + part.samples.points > 0 ? [part.samples] : []))
    if (snapshot.samplesDropped) for (const s of this.subscriptions) if (s.subscriber.samples) s.dropped += snapshot.samplesDropped
    if (blocks.length) this.deliver({ kind: 'samples', blocks, startEpochMs: this.startEpochMs })
    this.deliver({ kind: 'second', snapshot })
  }

  private deliver(batch: LiveBatch): void {
    for (const s of this.subscriptions) {
      if (batch.kind === 'samples' && !s.subscriber.samples) continue
      if (batch.kind === 'second' && s.subscriber.seconds === false) continue
      if (s.closed) continue
      if (s.queue.length >= (s.subscriber.maxQueued ?? DEFAULT_MAX_QUEUED)) {
        s.dropped += pointsIn(batch)
        continue
      }
      s.queue.push(batch)
      if (!s.busy) void this.pump(s)
    }
  }

  private async pump(s: Subscription): Promise<void> {
    s.busy = true
    while (s.queue.length && !s.closed) {
      const batch = (s.writing = s.queue.shift()!)
      try {
        await s.subscriber.write(batch)
        if (!s.closed) s.delivered += pointsIn(batch)
      } catch (error) {
        if (!s.closed) s.dropped += pointsIn(batch)
        s.error = (error as Error)?.message ?? String(error)
      }
      s.writing = undefined
    }
    s.busy = false
    for (const resolve of s.idle.splice(0)) resolve()
  }

  private drained(s: Subscription): Promise<void> {
    if (!s.busy && s.queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => s.idle.push(resolve))
  }
}

/** What a batch counts for in the report: series of a second, or samples. */
export function pointsIn(batch: LiveBatch): number {
  if (batch.kind === 'second') return batch.snapshot.series.length
  if (batch.kind === 'samples') return batch.blocks.reduce((sum, block) => sum + block.requests + block.points, 0)
  return 0
}

/** The parts' series added up by metric and tags: counts and sums add, histograms merge, a gauge keeps the last. */
function mergeSeries(parts: readonly LivePart[]): LiveSeries[] {
  if (parts.length === 1) return parts[0]!.series
  const merged = new Map<string, LiveSeries>()
  for (const part of parts) {
    for (const series of part.series) {
      const key = `${series.metric}\0${tagsKey(series.tags)}`
      const mine = merged.get(key)
      if (!mine) {
        merged.set(key, { ...series, histogram: series.histogram && copyOf(series.histogram) })
        continue
      }
      mine.count += series.count
      mine.sum = series.type === 'gauge' ? series.sum : mine.sum + series.sum
      if (series.histogram) mine.histogram!.merge(series.histogram)
    }
  }
  return [...merged.values()]
}

function copyOf(histogram: LatencyHistogram): LatencyHistogram {
  const copy = new LatencyHistogram(histogram.precision)
  copy.merge(histogram)
  return copy
}
