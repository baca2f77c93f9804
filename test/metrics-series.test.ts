import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { OPEN_SECONDS, SecondSeries } from '../src/load/metrics/second-series.ts'

const test = suite('metrics-series', { deadline: 120 })

/** 2 significant digits: within 1% (plus the 1 µs unit, here 0.001 ms). */
function near(actualMs: number, expectedMs: number): boolean {
  return Math.abs(actualMs - expectedMs) <= expectedMs / 100 + 0.001
}

test('one row per second with requests, errors, p50 and p99; empty seconds are zero rows', () => {
  const series = new SecondSeries()
  for (let i = 1; i <= 100; i++) series.record(250 + i, i * 1000, i % 10 === 0) // second 0: 1..100 ms
  series.record(2500, 5000, false) // second 2
  const rows = series.rows()
  assert.is(rows.length, 3)
  assert.equal([rows[0].second, rows[0].requests, rows[0].errors], [0, 100, 10])
  assert.ok(near(rows[0].p50Ms, 50), `p50 ${rows[0].p50Ms}`)
  assert.ok(near(rows[0].p99Ms, 99), `p99 ${rows[0].p99Ms}`)
  assert.equal(rows[1], { second: 1, startMs: 1000, requests: 0, errors: 0, vus: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, histogram: '' })
  assert.equal([rows[2].second, rows[2].requests], [2, 1])
  assert.ok(near(rows[2].p99Ms, 5))
})

test('state stays bounded: only the last few seconds keep a histogram', () => {
  const series = new SecondSeries()
  for (let second = 0; second < 5000; second++) {
    for (let k = 0; k < 3; k++) series.record(second * 1000 + k * 300, 1000 + k, false)
    assert.ok(series.openCount <= OPEN_SECONDS, `open ${series.openCount} at second ${second}`)
  }
  const rows = series.rows()
  assert.is(rows.length, 5000)
  assert.ok(rows.every((row) => row.requests === 3))
})

test('a request ending slightly out of order still lands in its own second with its latency', () => {
  const series = new SecondSeries()
  series.record(1_100, 1000, false)
  series.record(2_050, 1000, false)
  series.record(999, 40_000, true) // second 0 finished "late", but within the open window
  const rows = series.rows()
  assert.equal([rows[0].requests, rows[0].errors], [1, 1])
  assert.ok(near(rows[0].p99Ms, 40))
})

test('a request for a second already encoded still counts, latency included', () => {
  const series = new SecondSeries()
  series.record(100, 2000, false)
  series.record((OPEN_SECONDS + 5) * 1000, 1000, false)
  series.record(200, 9000, true)
  const row = series.rows()[0]
  assert.equal([row.requests, row.errors], [2, 1])
  assert.ok(near(row.p50Ms, 2) && near(row.maxMs, 9), `p50 ${row.p50Ms} max ${row.maxMs}: the encoded second took the late latency`)
})

test('merging adds counts per second; open seconds merge their histograms exactly', () => {
  const a = new SecondSeries()
  const b = new SecondSeries()
  for (let i = 0; i < 50; i++) a.record(100 + i, 1000, false)
  for (let i = 0; i < 50; i++) b.record(100 + i, 100_000, i < 5)
  a.merge(b)
  const row = a.rows()[0]
  assert.equal([row.requests, row.errors], [100, 5])
  assert.ok(near(row.p50Ms, 1), `p50 ${row.p50Ms}`)
  assert.ok(near(row.p99Ms, 100), `p99 ${row.p99Ms}`)
})

test('merging a series whose seconds are encoded: counts add, histograms merge exactly', () => {
  const a = new SecondSeries()
  const b = new SecondSeries()
  a.record(100, 1000, false)
  a.record(20_000, 1000, false) // second 0 of a is reduced
  b.record(100, 3000, true)
  b.record(20_000, 1000, false)
  a.merge(b)
  const rows = a.rows()
  assert.equal([rows[0].requests, rows[0].errors], [2, 1])
  assert.ok(near(rows[0].p99Ms, 3))
  assert.ok(near(rows[0].p50Ms, 1), 'p50 of the two merged latencies (1 ms and 3 ms) is the lower one')
  assert.equal([rows[20].requests, rows.length], [2, 21])
})

test('serialize and deserialize keep every row', () => {
  const series = new SecondSeries()
  for (let ms = 0; ms < 10_000; ms += 7) series.record(ms, 500 + (ms % 1000), ms % 70 === 0)
  const copy = SecondSeries.deserialize(JSON.parse(JSON.stringify(series.serialize())))
  assert.equal(copy.rows(), series.rows())
})

test.run()
