import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { RunMetrics } from '../src/load/metrics/run-metrics.ts'
import { evaluateThresholds, parseThresholds } from '../src/load/thresholds.ts'
import { buildSummary } from '../src/report/summary.ts'
import { FIXED_META } from './fixtures/report/fixed-run.ts'

function parseOk(input: unknown) {
  const { thresholds, errors } = parseThresholds(input)
  assert.equal(errors, [])
  return thresholds
}

test('parses the k6 forms: aggregates, percentiles, spaces, every operator', () => {
  const parsed = parseOk({
    http_req_duration: ['p(95)<200', 'p( 99.9 ) <= 500', 'avg<50', 'med < 40', 'min>=0', 'max!=0', 'p(90) == 10'],
    http_req_failed: ['rate<0.01'],
    http_reqs: ['count>1000', 'rate > 100.5'],
    checks: ['rate===1'],
  })
  assert.equal(
    parsed.map((t) => [t.metric, t.aggregate, t.operator, t.value]),
    [
      ['http_req_duration', 'p(95)', '<', 200],
      ['http_req_duration', 'p(99.9)', '<=', 500],
      ['http_req_duration', 'avg', '<', 50],
      ['http_req_duration', 'med', '<', 40],
      ['http_req_duration', 'min', '>=', 0],
      ['http_req_duration', 'max', '!=', 0],
      ['http_req_duration', 'p(90)', '==', 10],
      ['http_req_failed', 'rate', '<', 0.01],
      ['http_reqs', 'count', '>', 1000],
      ['http_reqs', 'rate', '>', 100.5],
      ['checks', 'rate', '==', 1],
    ],
  )
  assert.is(parsed[1].percentile, 99.9)
  assert.is(parsed[1].expression, 'p( 99.9 ) <= 500', 'keeps the expression as written')
})

test('accepts the object form with abortOnFail, and a single expression instead of a list', () => {
  const parsed = parseOk({
    http_req_duration: [{ threshold: 'p(99)<500', abortOnFail: true, delayAbortEval: '10s' }, 'avg<100'],
    http_req_failed: 'rate<0.05',
  })
  assert.equal(parsed.map((t) => [t.expression, t.abortOnFail, t.delayAbortEval]), [
    ['p(99)<500', true, '10s'],
    ['avg<100', false, undefined],
    ['rate<0.05', false, undefined],
  ])
})

test('parses tags: endpoint name (with colons and slashes), method and phase', () => {
  const parsed = parseOk({
    'http_req_duration{name:/current/:id}': ['p(95)<200'],
    'http_req_duration{ name:/range/:id/:start/:n , method:GET }': ['p(95)<200'],
    'http_reqs{phase:Peak}': ['rate>100'],
    'checks{check:status is 200}': ['rate>0.99'],
    'dropped_iterations{phase:Burst}': ['count==0'],
  })
  assert.equal(parsed.map((t) => t.tags), [
    { name: '/current/:id' },
    { name: '/range/:id/:start/:n', method: 'GET' },
    { phase: 'Peak' },
    { check: 'status is 200' },
    { phase: 'Burst' },
  ])
  assert.equal(parsed.map((t) => t.key), [
    'http_req_duration{name:/current/:id}',
    'http_req_duration{method:GET,name:/range/:id/:start/:n}',
    'http_reqs{phase:Peak}',
    'checks{check:status is 200}',
    'dropped_iterations{phase:Burst}',
  ])
})

test('reports every error at once, each naming the metric and the expression', () => {
  const { thresholds, errors } = parseThresholds({
    http_req_duration: ['p(95)<200', 'p95<200', 'p(101)<5', 'avg<fast', 'avg 200', 42],
    http_req_failed: ['count<3'],
    http_reqz: ['rate<1'],
    'http_reqs{color:red}': ['count>1'],
    'http_req_duration{phase:Peak,name:/x}': ['avg<1'],
    iterations: ['avg<1'],
  })
  assert.is(thresholds.length, 1, 'the valid one is still parsed')
  const expected: [string, RegExp][] = [
    ['http_req_duration: "p95<200"', /aggregate "p95"/],
    ['http_req_duration: "p(101)<5"', /percentile "101"/],
    ['http_req_duration: "avg<fast"', /"fast" is not a number/],
    ['http_req_duration: "avg 200"', /expected <aggregate> <operator> <number>/],
    ['http_req_duration: 42', /expected an expression string/],
    ['http_req_failed: "count<3"', /does not apply to a rate metric \(use rate\)/],
    ['http_reqz', /unknown metric "http_reqz"/],
    ['http_reqs{color:red}', /tag "color" is not supported/],
    ['http_req_duration{phase:Peak,name:/x}', /cannot be combined/],
    ['iterations: "avg<1"', /does not apply to a counter metric/],
  ]
  assert.is(errors.length, expected.length, errors.join('\n'))
  expected.forEach(([where, what], k) => {
    assert.ok(errors[k].includes(where), `${errors[k]} names ${where}`)
    assert.match(errors[k], what)
  })
})

test('rejects thresholds that are not an object; none at all is fine', () => {
  assert.equal(parseThresholds(['p(95)<200']).errors.length, 1)
  assert.equal(parseThresholds('p(95)<200').errors.length, 1)
  assert.equal(parseThresholds(undefined), { thresholds: [], errors: [] })
})

/** 100 requests of 1..100 ms in phase Peak: /a GETs are 1..50 ms, /b POSTs 51..100 ms; 4 of /b fail. */
function summaryWith(thresholds: Record<string, unknown>) {
  const metrics = new RunMetrics()
  metrics.phaseStart('Peak', 10, 0)
  for (let i = 1; i <= 100; i++) {
    const a = i <= 50
    metrics.record({
      phase: 'Peak', endpoint: a ? '/a' : '/b', method: a ? 'GET' : 'POST', status: i > 96 ? 500 : 200,
      latencyUs: i * 1000, bytesIn: 1, bytesOut: 1, coldStart: false, atMs: i * 10,
    })
    metrics.iterationDone('Peak')
    metrics.check('fast', i <= 90)
  }
  metrics.phaseEnd('Peak', 2000)
  const parsed = parseOk(thresholds)
  return { parsed, summary: buildSummary(metrics, { ...FIXED_META, wallMs: 4000 }, parsed) }
}

test('evaluates trends in ms, rates and counters against the summary', () => {
  const { summary } = summaryWith({
    http_req_duration: ['p(95)<100', 'p(95)<90', 'avg==50.5', 'med<=50.1', 'max>=100', 'min!=1', 'p(97.5)>97'],
    http_req_failed: ['rate<0.05', 'rate<0.01'],
    http_reqs: ['count==100', 'rate==25'],
    checks: ['rate>=0.9'],
    iterations: ['count>100'],
  })
  assert.equal(
    summary.thresholds.map((t) => [t.expression, t.ok]),
    [
      ['p(95)<100', true], ['p(95)<90', false], ['avg==50.5', true], ['med<=50.1', true], ['max>=100', true],
      ['min!=1', false], ['p(97.5)>97', true], ['rate<0.05', true], ['rate<0.01', false],
      ['count==100', true], ['rate==25', true], ['rate>=0.9', true], ['count>100', false],
    ],
  )
  assert.ok(Math.abs(summary.thresholds[0].actual! - 95) <= 0.1)
  assert.is(summary.thresholdsOk, false)
})

test('evaluates tagged thresholds on their own slice', () => {
  const { summary } = summaryWith({
    'http_req_duration{name:/a}': ['max<=50'],
    'http_req_duration{name:/b,method:POST}': ['min>=51'],
    'http_req_duration{method:GET}': ['max<=50'],
    'http_req_failed{name:/a}': ['rate==0'],
    'http_req_failed{name:/b}': ['rate==0.08'],
    'http_reqs{phase:Peak}': ['rate==50'],
    'checks{check:fast}': ['rate==0.9'],
  })
  assert.equal(summary.thresholds.filter((t) => !t.ok), [])
  assert.ok(summary.metrics['http_req_duration{name:/a}'], 'the tagged metric appears in the summary')
})

test('a threshold on a metric without data fails with actual null, not silently', () => {
  const { parsed, summary } = summaryWith({
    server_time: ['p(95)<10'],
    'http_req_duration{name:/never}': ['p(95)<10'],
    'http_req_duration{phase:Nope}': ['avg<10'],
    'dropped_iterations': ['count==0'],
  })
  const results = evaluateThresholds(parsed, summary)
  assert.equal(results.map((t) => [t.actual, t.ok]), [[null, false], [null, false], [null, false], [0, true]])
})

test.run()
