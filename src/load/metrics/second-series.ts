// Requests, errors, p50 and p99 for each second of the run, in memory that does not grow with the
// number of requests: only the last few seconds keep a (low-precision) histogram; once a second
// can no longer receive requests it is reduced to five numbers and its histogram is reused.
import { LatencyHistogram } from './latency-histogram.ts'

export interface SecondRow {
  /** Whole seconds since the run started. */
  second: number
  requests: number
  errors: number
  p50Ms: number
  p99Ms: number
  /** Threads active in that second (k6's vus): the most seen, summed over the parts of a run. */
  vus: number
}

interface OpenSecond {
  second: number
  requests: number
  errors: number
  vus: number
  histogram: LatencyHistogram
}

export interface SerializedSeries {
  closed: SecondRow[]
  open: { second: number; requests: number; errors: number; vus: number; histogram: string }[]
}

/**
 * Requests are recorded when they end, so they arrive nearly in time order; a request may land
 * after a later one by a few milliseconds (timers, worker hand-offs). Seconds stay open this long
 * behind the newest one seen before they are reduced.
 */
export const OPEN_SECONDS = 3

export class SecondSeries {
  private readonly closed: SecondRow[] = []
  private readonly open: OpenSecond[] = []
  private readonly spare: LatencyHistogram[] = []

  record(atMs: number, latencyUs: number, failed: boolean): void {
    const second = Math.max(0, Math.floor(atMs / 1000))
    const slot = this.slotFor(second)
    if (slot) {
      slot.requests++
      if (failed) slot.errors++
      slot.histogram.record(latencyUs)
    } else {
      this.lateRecord(second, failed)
    }
  }

  /** The threads active now, sampled by the run's ticker: the second keeps the most it saw. */
  threads(atMs: number, active: number): void {
    const slot = this.slotFor(Math.max(0, Math.floor(atMs / 1000)))
    if (slot && active > slot.vus) slot.vus = active
  }

  /** How many seconds still hold a histogram (bounded by OPEN_SECONDS). */
  get openCount(): number {
    return this.open.length
  }

  /** Every second from 0 to the last one seen, gaps filled with zero rows. */
  rows(): SecondRow[] {
    const bySecond = new Map<number, SecondRow>()
    let last = -1
    for (const row of [...this.closed, ...this.open.map(reduce)]) {
      const existing = bySecond.get(row.second)
      if (existing) combineRows(existing, row)
      else bySecond.set(row.second, { ...row })
      last = Math.max(last, row.second)
    }
    const rows: SecondRow[] = []
    for (let second = 0; second <= last; second++) {
      rows.push(bySecond.get(second) ?? { second, requests: 0, errors: 0, p50Ms: 0, p99Ms: 0, vus: 0 })
    }
    return rows
  }

  merge(other: SecondSeries): void {
    for (const row of other.closed) this.mergeClosedRow(row)
    for (const slot of other.open) this.mergeOpen(slot.second, slot.requests, slot.errors, slot.vus, slot.histogram)
  }

  serialize(): SerializedSeries {
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
    for (const row of s.closed) series.mergeClosedRow(row)
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
    const slot = { second, requests: 0, errors: 0, vus: 0, histogram: this.spare.pop() ?? new LatencyHistogram(2) }
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
      this.mergeClosedRow(reduce(slot))
      slot.histogram.reset()
      this.spare.push(slot.histogram)
    }
  }

  private findClosed(second: number): SecondRow | undefined {
    for (let i = this.closed.length - 1; i >= 0; i--) {
      if (this.closed[i].second === second) return this.closed[i]
      if (this.closed[i].second < second) return undefined
    }
    return undefined
  }

  /** A request for a second already reduced: it still counts, its latency no longer can. */
  private lateRecord(second: number, failed: boolean): void {
    this.mergeClosedRow({ second, requests: 1, errors: failed ? 1 : 0, p50Ms: 0, p99Ms: 0, vus: 0 })
  }

  private mergeOpen(second: number, requests: number, errors: number, vus: number, histogram: LatencyHistogram): void {
    const slot = this.slotFor(second)
    if (!slot) return this.mergeClosedRow(reduce({ second, requests, errors, vus, histogram }))
    slot.requests += requests
    slot.errors += errors
    slot.vus += vus
    slot.histogram.merge(histogram)
  }

  /** Adds a reduced row; a second may also still be open here, rows() combines the two. */
  private mergeClosedRow(row: SecondRow): void {
    const existing = this.findClosed(row.second)
    if (existing) combineRows(existing, row)
    else this.insertClosed({ ...row })
  }

  private insertClosed(row: SecondRow): void {
    let i = this.closed.length
    while (i > 0 && this.closed[i - 1].second > row.second) i--
    this.closed.splice(i, 0, row)
  }
}

/**
 * Two reduced rows of the same second cannot be combined exactly: requests and errors add up,
 * p50 becomes the request-weighted mean of the two and p99 the larger one (an upper bound), which
 * is what a per-second plot needs. A row without latencies (a late request) only adds counts.
 */
function combineRows(into: SecondRow, row: SecondRow): void {
  const requests = into.requests + row.requests
  if (row.p99Ms > 0 && into.p99Ms > 0) {
    into.p50Ms = (into.p50Ms * into.requests + row.p50Ms * row.requests) / requests
    into.p99Ms = Math.max(into.p99Ms, row.p99Ms)
  } else if (row.p99Ms > 0) {
    into.p50Ms = row.p50Ms
    into.p99Ms = row.p99Ms
  }
  into.requests = requests
  into.errors += row.errors
  into.vus += row.vus ?? 0
}

function reduce(slot: OpenSecond): SecondRow {
  return {
    second: slot.second,
    requests: slot.requests,
    errors: slot.errors,
    p50Ms: slot.histogram.percentile(50) / 1000,
    p99Ms: slot.histogram.percentile(99) / 1000,
    vus: slot.vus,
  }
}
