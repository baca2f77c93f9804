// Summary schema /2: histograms survive JSON and decode to what the run measured; per-second
// histograms merge exactly; /1 files are still read; anything else is a clear UsageError; the
// optional `streams` (what each --out stream got through and lost) round-trips.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { LatencyHistogram } from '../src/load/metrics/latency-histogram.ts'
import { SecondSeries } from '../src/load/metrics/second-series.ts'
import { UsageError } from '../src/load/run-errors.ts'
import { mergeEncoded, mergeSeriesByWallClock } from '../src/report/histogram-merge.ts'
import { decodeSummary, readSummaryFile, sliceLatency } from '../src/report/summary-read.ts'
import { buildSummary } from '../src/report/summary.ts'
import { addStreams, streamLine } from '../src/report/stream-summary.ts'
import { FIXED_META, fixedRunMetrics } from './fixtures/report/fixed-run.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('report-summary-v2', { deadline: 120 })

const V1_FILE = fileURLToPath(new URL('./fixtures/report/summary-v1.json', import.meta.url))
const summary = buildSummary(fixedRunMetrics(), FIXED_META)
const fromJson = () => decodeSummary(JSON.parse(JSON.stringify(summary)), 'fixed run')

test('/2 round trip: the overall, phase and endpoint histograms decode to the summary\'s own figures', () => {
  const loaded = fromJson()
  assert.is(loaded.version, 2)
  assert.is(loaded.summary.schema, 'edgeload.summary/2')
  const overall = loaded.latency!
  assert.is(overall.count, summary.overall.requests)
  assert.is(Math.round(overall.percentile(99)) / 1000, summary.overall.latency.p99)
  assert.is(Math.round(overall.max) / 1000, summary.overall.latency.max)
  for (const slice of [...loaded.summary.phases, ...loaded.summary.endpoints, ...loaded.summary.scenarios]) {
    const h = sliceLatency(slice)
    assert.is(h?.count ?? 0, slice.requests, `${'name' in slice ? slice.name : ''}`)
    if (h) assert.is(Math.round(h.percentile(50)) / 1000, slice.latency.p50)
  }
  const server = LatencyHistogram.decode(loaded.summary.overall.histograms.server!)
  assert.is(Math.round(server.percentile(99)) / 1000, summary.overall.serverTime!.p99)
})

test('/2 per-second histograms: their counts add up to the run\'s requests, and give each row\'s percentiles', () => {
  const loaded = fromJson()
  let total = 0
  for (const { row, histogram } of loaded.seconds) {
    assert.is(histogram?.count ?? 0, row.requests, `second ${row.second}`)
    total += row.requests
    if (histogram) {
      assert.is(histogram.precision, 2)
      assert.is(histogram.percentile(99) / 1000, row.p99Ms)
      assert.is(histogram.max / 1000, row.maxMs)
    }
    assert.is(row.startMs, Date.parse(summary.startedAt) + row.second * 1000)
  }
  assert.is(total, summary.overall.requests)
})

test('the phases add up to the scenarios, and the scenarios to the whole run', () => {
  const merged = LatencyHistogram.decode(mergeEncoded(summary.scenarios.map((s) => s.histograms.latency)))
  assert.is(merged.count, summary.overall.requests)
  assert.is(Math.round(merged.percentile(99)) / 1000, summary.overall.latency.p99)
  assert.equal(summary.scenarios.map((s) => s.name), ['default'])
  assert.equal(summary.scenarios[0]!.phases, summary.phases.map((p) => p.name))
})

test('series of parts merge exactly second by second on the wall clock (counts add, histograms merge)', () => {
  const parts = [new SecondSeries(), new SecondSeries(), new SecondSeries()]
  const whole = new SecondSeries()
  for (let i = 0; i < 30_000; i++) {
    const atMs = (i * 7919) % 20_000
    const latencyUs = 200 + ((i * 104729) % 50_000)
    parts[i % 3]!.record(atMs, latencyUs, i % 97 === 0)
    whole.record(atMs, latencyUs, i % 97 === 0)
  }
  const origin = Date.parse('2026-11-27T18:00:00.000Z')
  // The third part started 1 s later by the wall clock, so its second 0 is everyone's second 1.
  const late = parts[2]!.rows(origin).map((row) => ({ ...row, startMs: row.startMs + 1000 }))
  const merged = mergeSeriesByWallClock([parts[0]!.rows(origin), parts[1]!.rows(origin), late])
  const expected = new Map<number, number>()
  for (const [k, part] of parts.entries()) {
    for (const row of part.rows(origin)) expected.set(row.second + (k === 2 ? 1 : 0), (expected.get(row.second + (k === 2 ? 1 : 0)) ?? 0) + row.requests)
  }
  assert.is(merged.length, 21)
  for (const row of merged) {
    assert.is(row.requests, expected.get(row.second) ?? 0, `second ${row.second}`)
    assert.is(row.histogram ? LatencyHistogram.decode(row.histogram).count : 0, row.requests)
    assert.is(row.startMs, origin + row.second * 1000)
  }
  // Without the shift the parts are exactly the whole.
  const aligned = mergeSeriesByWallClock(parts.map((p) => p.rows(origin)))
  const single = whole.rows(origin)
  assert.equal(aligned.map((r) => [r.requests, r.errors, r.p50Ms, r.p99Ms, r.maxMs]), single.map((r) => [r.requests, r.errors, r.p50Ms, r.p99Ms, r.maxMs]))
})

test('a /1 summary is still read: its figures as written, histograms empty and version 1', () => {
  const loaded = readSummaryFile(V1_FILE)
  assert.is(loaded.version, 1)
  assert.is(loaded.summary.schema, 'edgeload.summary/2')
  assert.is(loaded.summary.overall.requests, 500)
  assert.is(loaded.latency, undefined)
  assert.is(loaded.summary.overall.histograms.latency, '')
  assert.ok(loaded.seconds.length > 0 && loaded.seconds.every((s) => s.histogram === undefined))
  assert.is(loaded.summary.environment.node, 'unknown')
})

test('streams: the feed\'s reports kept by name and target, a URL\'s user:password gone; optional (a /1 file has none); merge adds parts up', () => {
  assert.is(summary.streams, undefined, 'a run without streams has none')
  assert.is(readSummaryFile(V1_FILE).summary.streams, undefined)
  const withStreams = buildSummary(fixedRunMetrics(), {
    ...FIXED_META,
    streams: [
      { name: 'json=run.jsonl.gz', delivered: 120, dropped: 0 },
      { name: 'prometheus=http://me:pw@127.0.0.1:9/api/v1/write', delivered: 3, dropped: 9, error: 'Request cannot be constructed from a URL that includes credentials: http://me:pw@127.0.0.1:9/api/v1/write' },
    ],
  })
  const read = decodeSummary(JSON.parse(JSON.stringify(withStreams)), 'with streams').summary
  assert.equal(read.streams, [
    { name: 'json', target: 'run.jsonl.gz', written: 120, dropped: 0, error: null },
    { name: 'prometheus', target: 'http://127.0.0.1:9/api/v1/write', written: 3, dropped: 9, error: 'Request cannot be constructed from a URL that includes credentials: http://127.0.0.1:9/api/v1/write' },
  ])
  assert.equal(read.streams!.map(streamLine), [
    'Output json=run.jsonl.gz: 120 points written, 0 dropped',
    'Output prometheus=http://127.0.0.1:9/api/v1/write: 3 points written, 9 dropped (Request cannot be constructed from a URL that includes credentials: http://127.0.0.1:9/api/v1/write)',
  ])
  const late = { name: 'prometheus', target: 'http://127.0.0.1:9/api/v1/write', written: 1, dropped: 2, error: 'HTTP 500' }
  assert.equal(addStreams([read.streams, undefined, [late]]), [read.streams![0], { ...late, written: 4, dropped: 11 }])
  assert.is(addStreams([undefined, []]), undefined)
})

test('foreign, corrupt and missing files are UsageErrors (exit 2) that name the file and the problem', () => {
  const dir = tempDir('edgeload-summary-read-')
  try {
    const cases: [string, string, RegExp][] = [
      ['foreign.json', '{"metrics":{}}', /foreign\.json: not an edgeload summary \(it has no "schema" field/],
      ['k6.json', '{"schema":"k6"}', /its schema is "k6"/],
      ['broken.json', '{"schema": "edgeload.summary/2", ', /broken\.json: not valid JSON/],
      ['array.json', '[1,2]', /not an edgeload summary/],
      ['damaged.json', JSON.stringify({ ...summary, series: 'x' }), /damaged\.json: a damaged edgeload summary: series: "x", expected an array/],
      // What the report, the pages and compare read is checked before they read it.
      ['no-phase-latency.json', JSON.stringify({ ...summary, phases: [{ ...summary.phases[0], latency: undefined }] }), /a damaged edgeload summary: phases\[0\]\.latency: missing, expected an object/],
      ['no-environment.json', JSON.stringify({ ...summary, environment: undefined }), /a damaged edgeload summary: environment: missing/],
      ['no-status-classes.json', JSON.stringify({ ...summary, statusClasses: undefined }), /statusClasses: missing, expected an array/],
      ['bad-endpoint.json', JSON.stringify({ ...summary, endpoints: [{ ...summary.endpoints[0], name: 7 }] }), /endpoints\[0\]\.name: 7, expected a string/],
      ['bad-second.json', JSON.stringify({ ...summary, series: [{ ...summary.series[0], p90Ms: 'fast' }] }), /series\[0\]\.p90Ms: "fast", expected a number/],
      ['bad-stream.json', JSON.stringify({ ...summary, streams: [{ name: 'json', target: 'x.jsonl', written: 1, dropped: 'some', error: null }] }), /streams\[0\]\.dropped: "some", expected a number/],
      ['bad-histogram.json', JSON.stringify({ ...summary, overall: { ...summary.overall, histograms: { latency: '3;1;1;1;1;HISTnonsense' } } }), /a histogram does not decode/],
    ]
    for (const [name, text, message] of cases) {
      writeFileSync(dir.file(name), text)
      const error = (() => { try { readSummaryFile(dir.file(name)) } catch (e) { return e } })()
      assert.instance(error, UsageError, name)
      assert.match((error as Error).message, message)
    }
    assert.throws(() => readSummaryFile(dir.file('missing.json')), /missing\.json: no such file/)
  } finally {
    dir.remove()
  }
})

test.run()
