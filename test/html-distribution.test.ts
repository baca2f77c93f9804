// The percentile plot's points (html/distribution.ts): x = 1/(1-p) from 1 to the request count,
// latencies read from the histogram, the exact maximum last; a /1 summary's few percentiles.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { LatencyHistogram } from '../src/load/metrics/latency-histogram.ts'
import { distributionFromHistogram, distributionFromPercentiles, percentileGrid, percentOf } from '../src/report/html/distribution.ts'
import { latencySummary } from '../src/report/slice-summary.ts'

const test = suite('html-distribution', { deadline: 120 })

test('the grid runs from p0 (x = 1) to x = count, 20 points per factor of ten', () => {
  const grid = percentileGrid(1000)
  assert.is(grid[0], 1)
  assert.is(grid.at(-1), 1000)
  assert.is(grid.length, 61, '3 decades of 20, then the count')
  for (let i = 1; i < grid.length; i++) assert.ok(grid[i]! > grid[i - 1]!)
  assert.ok(Math.abs(grid[20]! - 10) < 1e-9 && Math.abs(grid[40]! - 100) < 1e-9, '10 and 100 are points: 90% and 99%')
  assert.equal(percentileGrid(1), [1])
  assert.equal(percentileGrid(0), [])
  assert.is(percentOf(10), 90)
  assert.is(percentOf(1000), 99.9)
})

test('from a histogram of 1..10,000 µs: p90 at x = 10 is 9 ms, p99 at x = 100 is 9.9 ms, the max last', () => {
  const histogram = new LatencyHistogram(3)
  for (let us = 1; us <= 10_000; us++) histogram.record(us)
  histogram.record(250_000) // one stall: the tail the plot is for
  const d = distributionFromHistogram(histogram)
  assert.is(d.source, 'histogram')
  assert.is(d.count, 10_001)
  assert.is(d.x.at(-1), 10_001)
  assert.is(d.ms.at(-1), 250, 'the exact maximum, in ms')
  const at = (x: number) => d.ms[d.x.findIndex((v) => Math.abs(v - x) < 1e-9)]!
  assert.ok(Math.abs(at(10) - 9) < 0.01, `p90 ${at(10)} ms`)
  assert.ok(Math.abs(at(100) - 9.9) < 0.01, `p99 ${at(100)} ms`)
  assert.ok(at(1) <= 0.001, 'p0 is the minimum')
  for (let i = 1; i < d.ms.length; i++) assert.ok(d.ms[i]! >= d.ms[i - 1]!, 'latency never falls as the percentile rises')
})

test('a /1 summary draws its min, p50, p90, p95, p99, p99.9 and max where they fall', () => {
  const histogram = new LatencyHistogram(3)
  for (let us = 1; us <= 500; us++) histogram.record(us * 10)
  const latency = latencySummary(histogram)
  const d = distributionFromPercentiles(latency)
  assert.is(d.source, 'percentiles')
  assert.equal(d.x, [1, 2, 10, 20, 100, 500], 'p99.9 (x = 1000) is beyond 500 requests')
  assert.equal(d.ms, [latency.min, latency.p50, latency.p90, latency.p95, latency.p99, latency.max])
  assert.equal(distributionFromPercentiles(latencySummary(undefined)).x, [])
})

test.run()
