import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseThresholds } from '../src/load/metrics/thresholds.ts'
import { judgeThresholds } from '../src/load/run-and-judge.ts'
import { RunMetrics } from '../src/load/metrics/run-metrics.ts'
import { formatMs } from '../src/report/format.ts'
import { clientStartingLine, phaseCompleteLine, phaseRunningLine, targetLine } from '../src/report/lines.ts'
import { formatReport, INTERRUPTED_LINE } from '../src/report/standard-report.ts'
import { buildSummary } from '../src/report/summary.ts'
import { FIXED_META, fixedRunMetrics } from './fixtures/report/fixed-run.ts'

const test = suite('report-standard', { deadline: 120 })

const GOLDEN = fileURLToPath(new URL('./fixtures/report/standard-report.txt', import.meta.url))

const THRESHOLDS = {
  http_req_duration: ['p(99)<500', 'p(95)<0.5'],
  http_req_failed: ['rate<0.01'],
  'http_req_duration{name:/myresource,method:GET}': ['med<1'],
  checks: [{ threshold: 'rate>0.999', abortOnFail: true }],
  dropped_iterations: ['count==0'],
}

function fixedReport(interrupted = false): string {
  const { thresholds, errors } = parseThresholds(THRESHOLDS)
  assert.equal(errors, [])
  const metrics = fixedRunMetrics(thresholds)
  return formatReport(buildSummary(metrics, { ...FIXED_META, interrupted }, judgeThresholds(thresholds, metrics, FIXED_META.wallMs)))
}

test('the report of a fixed run matches the golden file', () => {
  const report = fixedReport()
  // UPDATE_GOLDEN=1 rewrites the fixture after a deliberate change; review its diff.
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, report)
  assert.fixture(report, readFileSync(GOLDEN, 'utf8'))
})

test('the block has exactly the lines and labels docs/report.md shows, with units', () => {
  const block = fixedReport().split('\n').slice(0, 9)
  const shape = [
    /^=====$/,
    /^Total number of requests sent: 7400$/,
    /^Total number of Successful responses: 7391$/,
    /^Test Wall Time: 1834 ms$/,
    /^Overall throughput across all phases: 4034\.9 requests\/s$/,
    /^Mean latency for all requests: \d+\.\d{3} ms$/,
    /^Median latency for all requests: \d+\.\d{3} ms$/,
    /^95th percentile latency: \d+\.\d{3} ms$/,
    /^99th percentile latency: \d+\.\d+ ms$/,
  ]
  shape.forEach((pattern, k) => assert.match(block[k], pattern))
})

test('median, p95 and p99 come from the histogram and sit in order under their own labels', () => {
  const metrics = new RunMetrics()
  for (let us = 1000; us >= 1; us--) {
    metrics.record({ phase: 'P', scenario: 'default', group: '', tags: undefined, scenarioTags: undefined, endpoint: '/', method: 'GET', status: 200, latencyUs: us, bytesIn: 0, bytesOut: 0, coldStart: false, atMs: 1 })
  }
  const lines = formatReport(buildSummary(metrics, { ...FIXED_META, wallMs: 1000 })).split('\n')
  assert.is(lines[6], 'Median latency for all requests: 0.500 ms')
  assert.is(lines[7], '95th percentile latency: 0.950 ms')
  assert.is(lines[8], '99th percentile latency: 0.990 ms')
})

test('an interrupted run is marked before the block and after the tables', () => {
  const lines = fixedReport(true).trimEnd().split('\n')
  assert.is(lines[0], INTERRUPTED_LINE)
  assert.is(lines[1], '=====')
  assert.is(lines[lines.length - 1], INTERRUPTED_LINE)
  assert.match(INTERRUPTED_LINE, /^Interrupted: partial report/)
})

test('a run with no requests prints zeros, not NaN', () => {
  const report = formatReport(buildSummary(new RunMetrics(), { ...FIXED_META, wallMs: 0 }))
  assert.not.match(report, /NaN|Infinity|undefined/)
  assert.match(report, /Overall throughput across all phases: 0\.0 requests\/s/)
})

test('latencies print three decimals below 10 ms and fewer above', () => {
  assert.equal([0.482, 9.9994, 45.123, 162.34, 1834.4].map(formatMs), ['0.482', '9.999', '45.12', '162.3', '1834'])
})

test('the live lines read as docs/report.md shows them', () => {
  assert.is(clientStartingLine(new Date(2024, 2, 1, 19, 4, 42)), 'Client Starting ..... Time: 19:04:42')
  assert.is(clientStartingLine(new Date(2024, 2, 1, 7, 5, 9)), 'Client Starting ..... Time: 07:05:09')
  assert.is(targetLine('embedded handler (node, sqlite :memory:)'), 'Target: embedded handler (node, sqlite :memory:)')
  assert.is(phaseRunningLine('Warmup'), 'Warmup phase: All threads running...')
  assert.is(phaseCompleteLine('Warmup', 411.6), 'Warmup phase: complete: Time 412 ms')
})

test.run()
