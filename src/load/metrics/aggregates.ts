// The four kinds of k6 metric as mergeable accumulators: a trend keeps an HDR histogram (values
// in thousandths, so milliseconds keep microseconds), a rate its passes and fails, a counter its
// sum, a gauge its last value (by time) with min and max. Each serializes for worker threads.
import { DEFAULT_TREND_STATS, type MetricType } from './metric-catalog.ts'
import { LatencyHistogram, type Precision } from './latency-histogram.ts'

export type SerializedAggregate =
  | { type: 'trend'; histogram: string }
  | { type: 'rate'; passes: number; fails: number }
  | { type: 'counter'; sum: number }
  | { type: 'gauge'; value: number; atMs: number; min: number; max: number }

export interface Aggregate {
  readonly type: MetricType
  /** Trends: `value` in thousandths of the unit (µs for ms); rates: non-zero passes. */
  add(value: number, atMs: number): void
  merge(other: Aggregate): void
  readonly empty: boolean
  /** k6's values: trend {avg,min,med,max,p(N)} in the unit, rate {rate,passes,fails}, counter {count,rate}, gauge {value,min,max}. */
  values(spanMs: number, extra?: readonly string[]): Record<string, number>
  /** One aggregate's value, or undefined when there is no data. */
  value(aggregate: string, spanMs: number): number | undefined
  serialize(): SerializedAggregate
  reset(): void
}

export function newAggregate(type: MetricType, precision: Precision = 3): Aggregate {
  switch (type) {
    case 'trend': return new TrendAggregate(new LatencyHistogram(precision))
    case 'rate': return new RateAggregate()
    case 'counter': return new CounterAggregate()
    case 'gauge': return new GaugeAggregate()
  }
}

export function deserializeAggregate(s: SerializedAggregate): Aggregate {
  switch (s.type) {
    case 'trend': return new TrendAggregate(LatencyHistogram.decode(s.histogram))
    case 'rate': return new RateAggregate(s)
    case 'counter': return Object.assign(new CounterAggregate(), { sum: s.sum })
    case 'gauge': return Object.assign(new GaugeAggregate(), { last: s.value, atMs: s.atMs, low: s.min, high: s.max })
  }
}

/** Rounds to the microsecond (trends) or to 6 significant places (rates), stable in JSON. */
const round = (value: number): number => Math.round(value * 1e6) / 1e6

export class TrendAggregate implements Aggregate {
  readonly type = 'trend'
  constructor(readonly histogram: LatencyHistogram) {}
  add(value: number): void {
    this.histogram.record(value)
  }
  merge(other: Aggregate): void {
    this.histogram.merge((other as TrendAggregate).histogram)
  }
  get empty(): boolean {
    return this.histogram.count === 0
  }
  values(_spanMs: number, extra: readonly string[] = []): Record<string, number> {
    if (this.empty) return {}
    const values: Record<string, number> = {}
    for (const aggregate of new Set([...DEFAULT_TREND_STATS, ...extra])) values[aggregate] = this.value(aggregate)!
    return values
  }
  value(aggregate: string): number | undefined {
    if (this.empty) return undefined
    const h = this.histogram
    let thousandths: number
    if (aggregate === 'avg') thousandths = h.mean
    else if (aggregate === 'min') thousandths = h.min
    else if (aggregate === 'max') thousandths = h.max
    else if (aggregate === 'med') thousandths = h.percentile(50)
    else thousandths = h.percentile(Number(/^p\((.*)\)$/.exec(aggregate)?.[1] ?? NaN))
    return Math.round(thousandths) / 1000
  }
  serialize(): SerializedAggregate {
    return { type: 'trend', histogram: this.histogram.encode() }
  }
  reset(): void {
    this.histogram.reset()
  }
}

export class RateAggregate implements Aggregate {
  readonly type = 'rate'
  passes = 0
  fails = 0
  constructor(counts?: { passes: number; fails: number }) {
    if (counts) {
      this.passes = counts.passes
      this.fails = counts.fails
    }
  }
  add(value: number): void {
    if (value) this.passes++
    else this.fails++
  }
  merge(other: Aggregate): void {
    this.passes += (other as RateAggregate).passes
    this.fails += (other as RateAggregate).fails
  }
  get empty(): boolean {
    return this.passes + this.fails === 0
  }
  values(): Record<string, number> {
    return this.empty ? {} : { rate: this.passes / (this.passes + this.fails), passes: this.passes, fails: this.fails }
  }
  value(aggregate: string): number | undefined {
    return aggregate === 'rate' && !this.empty ? this.passes / (this.passes + this.fails) : undefined
  }
  serialize(): SerializedAggregate {
    return { type: 'rate', passes: this.passes, fails: this.fails }
  }
  reset(): void {
    this.passes = this.fails = 0
  }
}

export class CounterAggregate implements Aggregate {
  readonly type = 'counter'
  sum = 0
  add(value: number): void {
    this.sum += value
  }
  merge(other: Aggregate): void {
    this.sum += (other as CounterAggregate).sum
  }
  get empty(): boolean {
    return false // a counter that never moved is 0, not "no data"
  }
  values(spanMs: number): Record<string, number> {
    return { count: this.sum, rate: round(spanMs > 0 ? this.sum / (spanMs / 1000) : 0) }
  }
  value(aggregate: string, spanMs: number): number | undefined {
    return this.values(spanMs)[aggregate]
  }
  serialize(): SerializedAggregate {
    return { type: 'counter', sum: this.sum }
  }
  reset(): void {
    this.sum = 0
  }
}

export class GaugeAggregate implements Aggregate {
  readonly type = 'gauge'
  last = 0
  atMs = -Infinity
  low = Infinity
  high = -Infinity
  add(value: number, atMs: number): void {
    if (atMs >= this.atMs) {
      this.last = value
      this.atMs = atMs
    }
    if (value < this.low) this.low = value
    if (value > this.high) this.high = value
  }
  merge(other: Aggregate): void {
    const o = other as GaugeAggregate
    if (o.empty) return
    if (o.atMs >= this.atMs) {
      this.last = o.last
      this.atMs = o.atMs
    }
    this.low = Math.min(this.low, o.low)
    this.high = Math.max(this.high, o.high)
  }
  get empty(): boolean {
    return this.atMs === -Infinity
  }
  values(): Record<string, number> {
    return this.empty ? {} : { value: this.last, min: this.low, max: this.high }
  }
  value(aggregate: string): number | undefined {
    return this.values()[aggregate]
  }
  serialize(): SerializedAggregate {
    return { type: 'gauge', value: this.last, atMs: this.atMs, min: this.low, max: this.high }
  }
  reset(): void {
    this.last = 0
    this.atMs = -Infinity
    this.low = Infinity
    this.high = -Infinity
  }
}

