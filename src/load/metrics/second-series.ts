// Requests, errors, threads and latency for each second of the run, in memory that grows with the
// run's seconds, not its requests: only the last few seconds keep a live histogram; once a second
// can no longer receive requests its histogram is encoded (2 significant digits, compressed, a
// few hundred bytes; docs/results.md gives the measured cost) and the live one is reused. Encoded
// seconds still merge exactly (other worker threads, other machines, a bootstrap resample).
import { LatencyHistogram } from './latency-histogram.ts'

/** One second of the run (summary schema edgeload.summary/2). Latencies in ms. */
export interface SecondRow {
  /** Whole seconds since the run started. */
  second: number
  /** Wall clock at the start of this second (epoch ms): lines up the parts of a distributed run. */
  startMs: number
  requests: number
  errors: number
  /** Threads active in that second (k6's vus): the most seen, summed over the parts of a run. */
  vus: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  /** The second's latencies (µs, 2 significant digits) as LatencyHistogram.encode(); '' when none. */
  histogram: string
}

/** A second as the series keeps it: the row without its wall-clock start. */
export type SeriesSecond = Omit<SecondRow, 'startMs'>

interface OpenSecond {
  second: number
  requests: number
  errors: number
  vus: number
  histogram: LatencyHistogram
}

export interface SerializedSeries {
  closed: SeriesSecond[]
  open: { second: number; requests: number; errors: number; vus: number; histogram: string }[]
}

/** Per-second histograms keep 2 significant digits: within 1%, and a tenth of the bytes of 3. */
export const SECOND_PRECISION = 2

/**
 * Requests are recorded when they end, so they arrive nearly in time order; a request may land
 * after a later one by a few milliseconds (timers, worker hand-offs). Seconds stay open this long
 * behind the newest one seen before they are encoded.
 */
export const OPEN_SECONDS = 3

export class SecondSeries {
  private readonly closed: SeriesSecond[] = []
  private readonly open: OpenSecond[] = []
  private readonly spare: LatencyHistogram[] = []
  /** Requests for seconds already encoded, kept live until read (decoding per request would be slow). */
  private readonly late = new Map<number, OpenSecond>()

  record(atMs: number, latencyUs: number, failed: boolean): void {
    const second = Math.max(0, Math.floor(atMs / 1000))
    const slot = this.slotFor(second)
    if (slot) {
      slot.requests++
      if (failed) slot.errors++
      slot.histogram.record(latencyUs)
    } else {
      this.lateRecord(second, latencyUs, failed)
    }
  }

  /** The threads active now, sampled by the run's ticker: the second keeps the most it saw. */
  threads(atMs: number, active: number): void {
    const slot = this.slotFor(Math.max(0, Math.floor(atMs / 1000)))
    if (slot && active > slot.vus) slot.vus = active
  }

  /** How many seconds still hold a live histogram (bounded by OPEN_SECONDS). */
  get openCount(): number {
    return this.open.length
  }

  /**
   * Every second from 0 to the last one seen, gaps filled with empty rows. `originMs`: the wall
   * clock (epoch ms) at which second 0 started.
   */
  rows(originMs = 0): SecondRow[] {
    this.foldLate()
    const bySecond = new Map<number, SeriesSecond>()
    let last = -1
    for (const row of [...this.closed, ...this.open.map(encodeSecond)]) {
      const existing = bySecond.get(row.second)
      bySecond.set(row.second, existing ? combineSeconds(existing, row) : row)
      last = Math.max(last, row.second)
    }
    const rows: SecondRow[] = []
    for (let second = 0; second <= last; second++) {
      const row = bySecond.get(second) ?? emptySecond(second)
      rows.push({ second, startMs: originMs + second * 1000, ...withoutSecond(row) })
    }
    return rows
  }

  merge(other: SecondSeries): void {
    other.foldLate()
    for (const row of other.closed) this.mergeClosed(row)
    for (const slot of other.open) this.mergeOpen(slot.second, slot.requests, slot.errors, slot.vus, slot.histogram)
  }

  serialize(): SerializedSeries {
    this.foldLate()
    return {
      closed: this.closed.map((row) => ({ ...row })),
      open: this.open.map((slot) => ({
        second: slot.second,
        requests: slot.requests,
        errors: slot.errors,
        vus: slot.vus,
        histogram: slot.histogram.encode(),
      })),
    }
  }

  static deserialize(s: SerializedSeries): SecondSeries {
    const series = new SecondSeries()
    for (const row of s.closed) series.mergeClosed(row)
    for (const slot of s.open) {
      series.mergeOpen(slot.second, slot.requests, slot.errors, slot.vus ?? 0, LatencyHistogram.decode(slot.histogram))
    }
    return series
  }

  /** The open slot for `second`, opening it (and closing old ones) if needed; undefined if closed. */
  private slotFor(second: number): OpenSecond | undefined {
    for (let i = this.open.length - 1; i >= 0; i--) {
      if (this.open[i].second === second) return this.open[i]
    }
    const newest = this.open.length > 0 ? this.open[this.open.length - 1].second : -1
    if (second < newest - OPEN_SECONDS + 1) return undefined
    this.closeBefore(second - OPEN_SECONDS + 1)
    const slot = { second, requests: 0, errors: 0, vus: 0, histogram: this.spare.pop() ?? new LatencyHistogram(SECOND_PRECISION) }
    this.insertOpen(slot)
    return slot
  }

  private insertOpen(slot: OpenSecond): void {
    let i = this.open.length
    while (i > 0 && this.open[i - 1].second > slot.second) i--
    this.open.splice(i, 0, slot)
  }

  private closeBefore(second: number): void {
    while (this.open.length > 0 && this.open[0].second < second) {
      const slot = this.open.shift()!
      this.mergeClosed(encodeSecond(slot))
      slot.histogram.reset()
      this.spare.push(slot.histogram)
    }
  }

  private closedIndex(second: number): number {
    for (let i = this.closed.length - 1; i >= 0; i--) {
      if (this.closed[i].second === second) return i
      if (this.closed[i].second < second) return -1
    }
    return -1
  }

  /** A request for a second already encoded (rare: a late hand-off): kept aside, folded in when read. */
  private lateRecord(second: number, latencyUs: number, failed: boolean): void {
    let slot = this.late.get(second)
    if (!slot) this.late.set(second, (slot = { second, requests: 0, errors: 0, vus: 0, histogram: new LatencyHistogram(SECOND_PRECISION) }))
    slot.requests++
    if (failed) slot.errors++
    slot.histogram.record(latencyUs)
  }

  private foldLate(): void {
    for (const slot of this.late.values()) this.mergeClosed(encodeSecond(slot))
    this.late.clear()
  }

  private mergeOpen(second: number, requests: number, errors: number, vus: number, histogram: LatencyHistogram): void {
    const slot = this.slotFor(second)
    if (!slot) return this.mergeClosed(secondOf(second, requests, errors, vus, histogram))
    slot.requests += requests
    slot.errors += errors
    slot.vus += vus
    slot.histogram.merge(histogram)
  }

  /** Adds an encoded second; a second may also still be open here, rows() combines the two. */
  private mergeClosed(row: SeriesSecond): void {
    const i = this.closedIndex(row.second)
    if (i >= 0) {
      this.closed[i] = combineSeconds(this.closed[i], row)
      return
    }
    let at = this.closed.length
    while (at > 0 && this.closed[at - 1].second > row.second) at--
    this.closed.splice(at, 0, { ...row })
  }
}

/** Two parts of the same second: counts and threads add up, histograms merge exactly. */
export function combineSeconds<T extends SeriesSecond>(a: T, b: SeriesSecond): T {
  if (!b.histogram && !a.histogram) return { ...a, requests: a.requests + b.requests, errors: a.errors + b.errors, vus: a.vus + b.vus }
  const histogram = LatencyHistogram.decodeOrEmpty(a.histogram, SECOND_PRECISION)
  if (b.histogram) histogram.merge(LatencyHistogram.decode(b.histogram))
  return { ...a, ...secondOf(a.second, a.requests + b.requests, a.errors + b.errors, a.vus + b.vus, histogram) }
}

/** A second's row from its counts and live histogram (percentiles read, histogram encoded). */
export function secondOf(second: number, requests: number, errors: number, vus: number, histogram: LatencyHistogram): SeriesSecond {
  const empty = histogram.count === 0
  return {
    second, requests, errors, vus,
    p50Ms: histogram.percentile(50) / 1000,
    p90Ms: histogram.percentile(90) / 1000,
    p99Ms: histogram.percentile(99) / 1000,
    maxMs: histogram.max / 1000,
    histogram: empty ? '' : histogram.encode(),
  }
}

function encodeSecond(slot: OpenSecond): SeriesSecond {
  return secondOf(slot.second, slot.requests, slot.errors, slot.vus, slot.histogram)
}

/** A second without requests. */
export function emptySecond(second: number): SeriesSecond {
  return { second, requests: 0, errors: 0, vus: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, histogram: '' }
}

function withoutSecond(row: SeriesSecond): Omit<SeriesSecond, 'second'> {
  const { second: _, ...rest } = row
  return rest
}
