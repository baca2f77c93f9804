import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { build } from 'hdr-histogram-js'
import { LatencyHistogram } from '../src/load/metrics/latency-histogram.ts'

const test = suite('metrics-histogram', { deadline: 120 })

/** The exact percentile the way HDR defines it: the smallest value with at least p% at or below it. */
function exactPercentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]
}

/** 3 significant digits: a bucket spans at most 1/1024 of its value (plus the 1 µs unit). */
function withinHdrPrecision(actual: number, exact: number): boolean {
  return Math.abs(actual - exact) <= exact / 1024 + 1
}

/** A deterministic skewed (log-normal-like) latency set: most near 400 µs, a long tail to seconds. */
function skewedSet(n: number): number[] {
  let seed = 42
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const values: number[] = []
  for (let i = 0; i < n; i++) {
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
    values.push(Math.round(400 * Math.exp(1.2 * gaussian)))
  }
  return values
}

const PERCENTILES = [1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99]

function checkAgainstExact(values: number[]): void {
  const histogram = new LatencyHistogram()
  for (const v of values) histogram.record(v)
  const sorted = [...values].sort((a, b) => a - b)
  for (const p of PERCENTILES) {
    const exact = exactPercentile(sorted, p)
    const actual = histogram.percentile(p)
    assert.ok(withinHdrPrecision(actual, exact), `p${p}: HDR ${actual} vs exact ${exact}`)
  }
  assert.is(histogram.count, values.length)
  assert.is(histogram.min, sorted[0])
  assert.is(histogram.max, sorted[sorted.length - 1])
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  assert.ok(Math.abs(histogram.mean - mean) < 1e-6 * mean, `mean ${histogram.mean} vs ${mean}`)
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length
  assert.ok(Math.abs(histogram.stddev - Math.sqrt(variance)) < 1e-6 * Math.sqrt(variance), 'stddev')
}

test('percentiles of 1..100000 µs match the exact ones within HDR precision', () => {
  checkAgainstExact(Array.from({ length: 100_000 }, (_, i) => i + 1))
})

test('percentiles of a skewed set with a long tail match the exact ones within HDR precision', () => {
  checkAgainstExact(skewedSet(50_000))
})

test('the median of 1..100000 µs is 50000 µs to 0.1%, not the last value recorded', () => {
  const histogram = new LatencyHistogram()
  for (let v = 100_000; v >= 1; v--) histogram.record(v)
  assert.ok(Math.abs(histogram.percentile(50) - 50_000) <= 50, `median ${histogram.percentile(50)}`)
})

test('microsecond resolution: sub-millisecond latencies stay distinct', () => {
  const histogram = new LatencyHistogram()
  for (const v of [101, 102, 103, 104]) histogram.record(v)
  assert.is(histogram.percentile(25), 101)
  assert.is(histogram.percentile(100), 104)
})

test('a request stalled for an hour is recorded without losing the small ones', () => {
  const histogram = new LatencyHistogram()
  histogram.record(250)
  histogram.record(3_600_000_000)
  assert.is(histogram.max, 3_600_000_000)
  assert.is(histogram.percentile(50), 250)
})

test('an empty histogram reports zeros, not NaN or Infinity', () => {
  const histogram = new LatencyHistogram()
  assert.equal([histogram.count, histogram.mean, histogram.min, histogram.max, histogram.stddev, histogram.percentile(99)], [0, 0, 0, 0, 0, 0])
})

test('negative latencies (a clock step) count as zero', () => {
  const histogram = new LatencyHistogram()
  histogram.record(-5)
  assert.is(histogram.min, 0)
  assert.is(histogram.count, 1)
})

test('merging equals recording everything into one histogram', () => {
  const values = skewedSet(20_000)
  const whole = new LatencyHistogram()
  const parts = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()]
  values.forEach((v, i) => {
    whole.record(v)
    parts[i % 3].record(v)
  })
  const merged = new LatencyHistogram()
  for (const part of parts) merged.merge(part)
  merged.merge(new LatencyHistogram())
  for (const p of PERCENTILES) assert.is(merged.percentile(p), whole.percentile(p), `p${p}`)
  assert.is(merged.count, whole.count)
  assert.ok(Math.abs(merged.mean - whole.mean) < 1e-9 * whole.mean)
  assert.is(merged.min, whole.min)
  assert.is(merged.max, whole.max)
})

test('encode and decode round-trip every statistic, and the copy keeps recording', () => {
  const original = new LatencyHistogram()
  for (const v of skewedSet(5_000)) original.record(v + 0.25)
  const copy = LatencyHistogram.decode(original.encode())
  assert.equal(
    [copy.count, copy.mean, copy.min, copy.max, copy.stddev, ...PERCENTILES.map((p) => copy.percentile(p))],
    [original.count, original.mean, original.min, original.max, original.stddev, ...PERCENTILES.map((p) => original.percentile(p))],
  )
  copy.record(7_200_000_000)
  assert.is(copy.max, 7_200_000_000)
  assert.is(LatencyHistogram.decode(new LatencyHistogram().encode()).count, 0)
})

test('the fast recording path fills the same buckets as HDR\'s own recordValue', () => {
  const reference = build({ autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 2048, numberOfSignificantValueDigits: 3, useWebAssembly: false })
  const histogram = new LatencyHistogram()
  const edges = [0, 1, 2, 1023, 1024, 2047, 2048, 2049, 4095, 4096, 65_535, 1_000_000, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 5e9]
  const values = [...edges, ...skewedSet(10_000), ...edges.map((v) => v + 3)]
  for (const v of values) {
    histogram.record(v)
    reference.recordValue(v)
  }
  const copy = LatencyHistogram.decode(histogram.encode())
  for (let p = 0.5; p < 100; p += 0.5) {
    const expected = Math.min(reference.getValueAtPercentile(p), histogram.max)
    assert.is(histogram.percentile(p), expected, `p${p}`)
    assert.is(copy.percentile(p), expected, `decoded p${p}`)
  }
  assert.is(histogram.count, reference.totalCount)
})

test('decode rejects text that is not an encoded histogram', () => {
  assert.throws(() => LatencyHistogram.decode('hello'), /not an encoded LatencyHistogram/)
})

test.run()
