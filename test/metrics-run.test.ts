import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { RunMetrics } from '../src/load/metrics/run-metrics.ts'
import type { RequestRecord } from '../src/load/metrics/run-metrics.ts'
import { buildSummary } from '../src/report/summary.ts'
import { FIXED_META, fixedRunMetrics } from './fixtures/report/fixed-run.ts'
import { decodedHistograms } from './helpers/decoded-histograms.ts'

const test = suite('metrics-run', { deadline: 120 })

function request(overrides: Partial<RequestRecord>): RequestRecord {
  return {
    phase: 'Peak', scenario: 'default', group: '', tags: undefined, scenarioTags: undefined,
    endpoint: '/current/:id', method: 'GET', status: 200, latencyUs: 1000,
    bytesIn: 10, bytesOut: 2, coldStart: false, atMs: 10, ...overrides,
  }
}

test('counts requests, successes (2xx and 3xx), errors by kind and HTTP status, bytes and cold starts', () => {
  const metrics = new RunMetrics()
  for (const status of [200, 204, 302, 404, 404, 500]) metrics.record(request({ status }))
  metrics.record(request({ status: 0, error: 'refused', bytesIn: 0 }))
  metrics.record(request({ status: 0, error: 'timeout', bytesIn: 0 }))
  metrics.record(request({ status: 0, bytesIn: 0, coldStart: false }))
  metrics.record(request({ status: 200, coldStart: true }))
  const o = metrics.overall
  assert.equal([o.requests, o.successes, o.failures, o.coldStarts, o.bytesIn, o.bytesOut], [10, 4, 6, 1, 70, 20])
  assert.equal(Object.fromEntries(o.httpErrors), { 404: 2, 500: 1 })
  assert.equal(Object.fromEntries(o.errorKinds), { refused: 1, timeout: 1, other: 1 })
  assert.equal([...metrics.statusClasses.keys()].sort(), ['2xx', '3xx', '4xx', '5xx'])
  assert.is(metrics.statusClasses.get('4xx')!.count, 2)
})

test('keeps separate slices per phase and per endpoint name and method', () => {
  const metrics = new RunMetrics()
  metrics.record(request({ phase: 'Warmup', endpoint: '/myresource', method: 'POST', latencyUs: 100 }))
  metrics.record(request({ phase: 'Warmup', endpoint: '/myresource', method: 'GET', latencyUs: 200 }))
  metrics.record(request({ phase: 'Peak', endpoint: '/myresource', method: 'GET', latencyUs: 300 }))
  assert.equal([...metrics.phases.keys()], ['Warmup', 'Peak'])
  assert.is(metrics.phases.get('Warmup')!.stats.requests, 2)
  assert.is(metrics.endpoint('/myresource', 'GET').requests, 2)
  assert.is(metrics.endpoint('/myresource', 'GET').latency.max, 300)
  assert.is(metrics.endpoint('/myresource', 'POST').latency.max, 100)
})

test('records server time, network time and client timings only when the request carried them', () => {
  const metrics = new RunMetrics()
  metrics.record(request({ latencyUs: 1000, serverUs: 250, connectUs: 80, waitingUs: 700, receivingUs: 20 }))
  metrics.record(request({ latencyUs: 2000 }))
  const timings = metrics.overall.timings
  assert.is(timings.get('server')!.count, 1)
  assert.is(timings.get('network')!.max, 750)
  assert.equal([timings.get('connecting')!.max, timings.get('waiting')!.max, timings.get('receiving')!.max], [80, 700, 20])
})

test('phases, iterations, dropped iterations and checks', () => {
  const metrics = new RunMetrics()
  metrics.phaseStart('Peak', 100)
  metrics.phaseThreads('Peak', 20)
  metrics.iterationDone('Peak')
  metrics.iterationDone('Peak')
  metrics.dropped('Peak')
  metrics.dropped('Peak', 4)
  metrics.phaseEnd('Peak', 1100)
  metrics.check('is 200', true)
  metrics.check('is 200', false)
  metrics.check('is 200', true)
  const peak = metrics.phases.get('Peak')!
  assert.equal([peak.threads, peak.startMs, peak.endMs, peak.iterations, peak.dropped], [20, 100, 1100, 2, 5])
  assert.equal(metrics.checks.get('is 200'), { passes: 2, fails: 1 })
})

test('merging per-thread metrics equals recording everything in one', () => {
  const records: RequestRecord[] = []
  for (let i = 0; i < 3000; i++) {
    records.push(request({
      phase: i < 1000 ? 'Warmup' : 'Peak', endpoint: i % 3 === 0 ? '/a' : '/b', status: i % 17 === 0 ? 503 : 200,
      latencyUs: 100 + ((i * 7919) % 5000), serverUs: 30, atMs: i, error: undefined,
    }))
  }
  const whole = new RunMetrics()
  const parts = [new RunMetrics(), new RunMetrics()]
  for (const [k, metrics] of [whole, ...parts].entries()) {
    // Each part ran one of the two threads of each phase; the whole ran both.
    metrics.phaseStart('Warmup', 0)
    metrics.phaseThreads('Warmup', k === 0 ? 2 : 1)
    metrics.phaseStart('Peak', 1000)
    metrics.phaseThreads('Peak', k === 0 ? 2 : 1)
    if (k === 0) metrics.check('ok', true)
  }
  parts[1].check('ok', true)
  parts[0].check('ok', false)
  whole.check('ok', false)
  records.forEach((r, i) => {
    whole.record(r)
    parts[i % 2].record(r)
  })
  const merged = new RunMetrics()
  for (const part of parts) merged.merge(part)
  const a = buildSummary(whole, FIXED_META)
  const b = buildSummary(merged, FIXED_META)
  assert.equal(decodedHistograms(b.overall), decodedHistograms(a.overall))
  assert.equal(decodedHistograms(b.phases), decodedHistograms(a.phases))
  assert.equal(decodedHistograms(b.endpoints), decodedHistograms(a.endpoints))
  assert.equal(b.errors, a.errors)
  assert.equal(b.checks, a.checks)
  assert.equal(decodedHistograms(b.statusClasses), decodedHistograms(a.statusClasses))
  // Per-second histograms merge exactly too (what --workers relies on for the series).
  assert.equal(decodedHistograms(b.series), decodedHistograms(a.series))
})

test('serialize, JSON and deserialize give back the same summary (the worker-thread path)', () => {
  const original = fixedRunMetrics()
  const copy = RunMetrics.deserialize(JSON.parse(JSON.stringify(original.serialize())))
  assert.equal(decodedHistograms(buildSummary(copy, FIXED_META)), decodedHistograms(buildSummary(original, FIXED_META)))
})

test('deserialize refuses an unknown format', () => {
  assert.throws(() => RunMetrics.deserialize({ version: 99 } as never), /unsupported/)
})

test('a failed iteration counts as done and as an error, and survives merge and serialize', () => {
  const a = new RunMetrics()
  a.iterationDone('Peak')
  a.iterationFailed('Peak')
  const b = new RunMetrics()
  b.iterationFailed('Peak')
  a.merge(RunMetrics.deserialize(JSON.parse(JSON.stringify(b.serialize()))))
  const summary = buildSummary(a, FIXED_META)
  assert.is(summary.overall.iterations, 3)
  assert.is(summary.overall.iterationErrors, 2)
  assert.is(summary.phases[0].iterationErrors, 2)
})

test.run()
