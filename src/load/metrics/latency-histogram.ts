// A latency histogram in microseconds: HDR buckets for percentiles (3 significant digits, so a
// percentile is within 0.1% of the exact one) plus exact count/sum/min/max, because the mean and
// the extremes are cheap to keep exactly and users compare them against other tools.
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, JsHistogram } from 'hdr-histogram-js'
import type { Histogram } from 'hdr-histogram-js'

/** Values below this fit the 32-bit integer operations of the fast recording path (71 minutes in µs). */
const FAST_PATH_LIMIT = 2 ** 32

/** Significant digits: 3 is HDR's usual latency setting; 2 is enough for per-second plots. */
export type Precision = 2 | 3

function newHdr(precision: Precision): Histogram {
  // Auto-resize: the range grows to whatever is recorded (a stalled request of an hour included),
  // while a histogram of sub-millisecond latencies stays a few kilobytes.
  return build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2048,
    numberOfSignificantValueDigits: precision,
    useWebAssembly: false,
  })
}

export class LatencyHistogram {
  private hdr: Histogram
  private js: JsHistogram | undefined
  private sum = 0
  private sumOfSquares = 0
  private low = Infinity
  private high = 0

  constructor(readonly precision: Precision = 3, hdr?: Histogram) {
    this.hdr = hdr ?? newHdr(precision)
    this.js = this.hdr instanceof JsHistogram ? this.hdr : undefined
  }

  /** Records one latency in microseconds (fractions kept in mean/min/max, rounded in buckets). */
  record(us: number): void {
    const value = us > 0 ? us : 0
    this.recordInBuckets(Math.round(value))
    this.sum += value
    this.sumOfSquares += value * value
    if (value < this.low) this.low = value
    if (value > this.high) this.high = value
  }

  /**
   * hdr-histogram-js finds a value's bucket with Math.log2 and Math.pow, about 100 ns a value; a
   * run records a dozen values per request. Below 2^32 the same index comes from Math.clz32 and
   * shifts in a few ns (HDR's own formula: bucket = log2(v) - subBucketHalfCountMagnitude -
   * unitMagnitude, sub-bucket = v >> (bucket + unitMagnitude)); anything else (a value past the
   * current range, which makes HDR resize) goes through recordValue.
   */
  private recordInBuckets(value: number): void {
    const h = this.js
    if (h && value < FAST_PATH_LIMIT) {
      const bucket = Math.max(0, 31 - Math.clz32(value) - h.subBucketHalfCountMagnitude - h.unitMagnitude)
      const subBucket = value >>> (bucket + h.unitMagnitude)
      const index = ((bucket + 1) << h.subBucketHalfCountMagnitude) + (subBucket - h.subBucketHalfCount)
      if (index < h.countsArrayLength) {
        h.incrementCountAtIndex(index)
        h.incrementTotalCount()
        h.updateMinAndMax(value)
        return
      }
    }
    this.hdr.recordValue(value)
  }

  merge(other: LatencyHistogram): void {
    if (other.count === 0) return
    this.hdr.add(other.hdr)
    this.sum += other.sum
    this.sumOfSquares += other.sumOfSquares
    if (other.low < this.low) this.low = other.low
    if (other.high > this.high) this.high = other.high
  }

  get count(): number {
    return this.hdr.totalCount
  }

  get mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count
  }

  get min(): number {
    return this.count === 0 ? 0 : this.low
  }

  get max(): number {
    return this.high
  }

  /** Population standard deviation, exact (from the running sums). */
  get stddev(): number {
    const n = this.count
    if (n === 0) return 0
    const mean = this.sum / n
    return Math.sqrt(Math.max(0, this.sumOfSquares / n - mean * mean))
  }

  /** Value at percentile p (0..100), in µs; HDR's highest-equivalent value, capped at the exact max. */
  percentile(p: number): number {
    if (this.count === 0) return 0
    if (p >= 100) return this.high
    if (p <= 0) return this.low
    return Math.min(this.hdr.getValueAtPercentile(p), this.high)
  }

  /**
   * The non-empty buckets, lowest first: each bucket's highest equivalent value (µs, what
   * percentile() reports) and its count. For code that adds many histograms' counts itself (the
   * bootstrap in compare), where merging whole HDR histograms would be too slow.
   */
  buckets(): { values: number[]; counts: number[] } {
    const values: number[] = []
    const counts: number[] = []
    const h = this.js
    if (!h) throw new Error('buckets() needs the JavaScript HDR histogram')
    for (let i = 0; i < h.countsArrayLength; i++) {
      const count = h.getCountAtIndex(i)
      if (count > 0) {
        values.push(h.highestEquivalentValue(h.valueFromIndex(i)))
        counts.push(count)
      }
    }
    return { values, counts }
  }

  reset(): void {
    this.hdr.reset()
    this.sum = 0
    this.sumOfSquares = 0
    this.low = Infinity
    this.high = 0
  }

  /** Compact text form (HDR's compressed base64 plus the exact sums) for worker threads and files. */
  encode(): string {
    const exact = [this.precision, this.sum, this.sumOfSquares, this.count === 0 ? 0 : this.low, this.high]
    return `${exact.join(';')};${encodeIntoCompressedBase64(this.hdr)}`
  }

  static decode(text: string): LatencyHistogram {
    const parts = text.split(';')
    if (parts.length !== 6) throw new Error('not an encoded LatencyHistogram')
    const [precision, sum, sumOfSquares, low, high] = parts.slice(0, 5).map(Number)
    if (![precision, sum, sumOfSquares, low, high].every(Number.isFinite)) throw new Error('not an encoded LatencyHistogram')
    const hdr = decodeFromCompressedBase64(parts[5], 32, false)
    hdr.autoResize = true
    const histogram = new LatencyHistogram(precision === 2 ? 2 : 3, hdr)
    histogram.sum = sum
    histogram.sumOfSquares = sumOfSquares
    histogram.low = hdr.totalCount === 0 ? Infinity : low
    histogram.high = high
    return histogram
  }

  /** decode(), or an empty histogram of `precision` for '' (a slice or second without requests). */
  static decodeOrEmpty(text: string, precision: Precision = 3): LatencyHistogram {
    return text ? LatencyHistogram.decode(text) : new LatencyHistogram(precision)
  }
}
