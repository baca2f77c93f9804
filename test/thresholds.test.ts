import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { RunMetrics } from '../src/load/metrics/run-metrics.ts'
import { ThresholdMonitor } from '../src/load/metrics/threshold-monitor.ts'
import { parseThresholds } from '../src/load/metrics/thresholds.ts'
import { judgeThresholds } from '../src/load/run-and-judge.ts'
import { buildSummary } from '../src/report/summary.ts'
import { FIXED_META } from './fixtures/report/fixed-run.ts'

const test = suite('thresholds', { deadline: 120 })

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
  assert.is(parsed[1].expression, 'p( 99.9 ) <= 500', 'keeps the expression as written')
})

test('accepts the object form with abortOnFail, and a single expression instead of a list', () => {
  const parsed = parseOk({
    http_req_duration: [{ threshold: 'p(99)<500', abortOnFail: true, delayAbortEval: '10s' }, 'avg<100'],
    http_req_failed: 'rate<0.05',
    http_reqs: [{ threshold: 'count<5', window: '10s' }],
  })
  assert.equal(parsed.map((t) => [t.expression, t.abortOnFail, t.delayAbortEvalMs, t.windowS]), [
    ['p(99)<500', true, 10_000, undefined],
    ['avg<100', false, 0, undefined],
    ['rate<0.05', false, 0, undefined],
    ['count<5', false, 0, 10],
  ])
})

test('parses tags: endpoint name (with colons and slashes), method, phase, status, group, custom', () => {
  const parsed = parseOk({
    'http_req_duration{name:/current/:id}': ['p(95)<200'],
    'http_req_duration{ name:/range/:id/:start/:n , method:GET }': ['p(95)<200'],
    'http_reqs{phase:Peak}': ['rate>100'],
    'checks{check:status is 200}': ['rate>0.99'],
    'dropped_iterations{phase:Burst}': ['count==0'],
    'http_reqs{status:500}': ['count<10'],
    'http_req_duration{group:::login,kind:read}': ['p(99)<300'],
  })
  assert.equal(parsed.map((t) => t.tags), [
    { name: '/current/:id' },
    { name: '/range/:id/:start/:n', method: 'GET' },
    { phase: 'Peak' },
    { check: 'status is 200' },
    { phase: 'Burst' },
    { status: '500' },
    { group: '::login', kind: 'read' },
  ])
  assert.equal(parsed.map((t) => t.key), [
    'http_req_duration{name:/current/:id}',
    'http_req_duration{method:GET,name:/range/:id/:start/:n}',
    'http_reqs{phase:Peak}',
    'checks{check:status is 200}',
    'dropped_iterations{phase:Burst}',
    'http_reqs{status:500}',
    'http_req_duration{group:::login,kind:read}',
  ])
})

test('reports every error at once, each naming the metric and the expression', () => {
  const { thresholds, errors } = parseThresholds({
    http_req_duration: ['p(95)<200', 'p95<200', 'p(101)<5', 'avg<fast', 'avg 200', 42],
    http_req_failed: ['count<3'],
    http_reqz: ['rate<1'],
    'http_reqs{color}': ['count>1'],
    http_reqs: [{ threshold: 'count>1', window: '1.5s' }, { threshold: 'count>1', abortOnFial: true }],
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
    ['http_reqs{color}', /tag "color" is not tag:value/],
    ['http_reqs', /window "1.5s" must be whole seconds/],
    ['http_reqs', /unknown field "abortOnFial"/],
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
  const parsed = parseOk(thresholds)
  const metrics = new RunMetrics().track(parsed)
  const context = { phase: 'Peak', scenario: 'default', groupPath: '', scenarioTags: undefined }
  metrics.phaseStart('Peak', 0)
  metrics.phaseThreads('Peak', 10)
  for (let i = 1; i <= 100; i++) {
    const a = i <= 50
    metrics.record({
      phase: 'Peak', scenario: 'default', group: '', tags: a ? { kind: 'read' } : undefined, scenarioTags: undefined,
      endpoint: a ? '/a' : '/b', method: a ? 'GET' : 'POST', status: i > 96 ? 500 : 200,
      latencyUs: i * 1000, bytesIn: 1, bytesOut: 1, coldStart: false, atMs: i * 10,
    })
    metrics.iterationDone('Peak', context)
    metrics.check('fast', i <= 90, context)
  }
  metrics.phaseEnd('Peak', 2000)
  return { parsed, summary: buildSummary(metrics, { ...FIXED_META, wallMs: 4000 }, judgeThresholds(parsed, metrics, 4000)) }
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

test('evaluates tagged thresholds on their own slice: name, method, phase, status, custom tags, checks', () => {
  const { summary } = summaryWith({
    'http_req_duration{name:/a}': ['max<=50'],
    'http_req_duration{name:/b,method:POST}': ['min>=51'],
    'http_req_duration{method:GET}': ['max<=50'],
    'http_req_failed{name:/a}': ['rate==0'],
    'http_req_failed{name:/b}': ['rate==0.08'],
    // A counter's rate is per second of the whole run, as k6 computes it.
    'http_reqs{phase:Peak}': ['rate==25'],
    'http_reqs{status:500}': ['count==4'],
    'http_req_duration{status:500}': ['min>=97'],
    'http_req_duration{kind:read}': ['max<=50', 'min>0'],
    'http_reqs{kind:read,method:GET}': ['count==50'],
    'checks{check:fast}': ['rate==0.9'],
    'iterations{phase:Peak}': ['count==100'],
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
  void parsed
  assert.equal(summary.thresholds.map((t) => [t.actual, t.ok]), [[null, false], [null, false], [null, false], [0, true]])
})

test('the monitor judges live from the first tick it is handed (setup() may have used seconds), and windows once full', () => {
  const parsed = parseOk({ http_reqs: [{ threshold: 'count<3', window: '2s' }], http_req_failed: [{ threshold: 'rate<0.5', abortOnFail: true, delayAbortEval: '4s' }] })
  const metrics = new RunMetrics().track(parsed)
  const aborted: string[] = []
  const monitor = new ThresholdMonitor(parsed, 1, (t) => aborted.push(t.expression))
  const request = (status: number, atMs: number) => metrics.record({
    phase: 'P', scenario: 'default', group: '', tags: undefined, scenarioTags: undefined, endpoint: '/', method: 'GET', status,
    latencyUs: 1000, bytesIn: 0, bytesOut: 0, coldStart: false, atMs,
  })
  // Ticks 3..6 of the run's clock: 2 and 2 good requests, then 3 and 1 failing ones.
  const perTick: [number, number][] = [[2, 200], [2, 200], [3, 500], [1, 500]]
  perTick.forEach(([count, status], k) => {
    for (let i = 0; i < count; i++) request(status, (3 + k) * 1000 + 10)
    monitor.ingest(3 + k, metrics.sinks.takeTick())
  })
  monitor.finish()
  const [windowed, failed] = monitor.results(metrics.sinks, 7000)
  // Windows of 2 ticks hold 4, 5 and 4 requests: the first already breaches (it ends at 5 s).
  assert.equal([windowed!.ok, windowed!.actual, windowed!.breachedAtMs], [false, 5, 5000])
  // Failed share after each tick: 0, 0, 3/7 (passes), 4/8 (fails): aborted at the last tick.
  assert.equal(aborted, ['rate<0.5'])
  assert.equal([failed!.ok, failed!.aborted], [false, true])
})

test.run()
