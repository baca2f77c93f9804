// The parts of `capacity` that are arithmetic: which rate comes next, and how an objective reads a step.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { MAX_STEP_SECONDS, stepSeconds } from '../src/capacity/capacity-run.ts'
import { RateSearch, type SearchSettings } from '../src/capacity/rate-search.ts'
import { errorRate, judgeObjectives, parseSlo } from '../src/capacity/slo.ts'
import { LatencyHistogram } from '../src/load/metrics/latency-histogram.ts'
import { UsageError } from '../src/load/run-errors.ts'

const test = suite('capacity-search', { deadline: 60 })

const SETTINGS: SearchSettings = { startRate: 100, maxRate: 100_000, resolution: 0.1, maxSteps: 20 }

/** Runs a search against a target that holds every rate up to `capacity`. */
function search(capacity: number, settings: Partial<SearchSettings> = {}) {
  const s = new RateSearch({ ...SETTINGS, ...settings })
  const rates: number[] = []
  for (;;) {
    const next = s.next()
    if ('end' in next) return { end: next.end, rates, held: s.held, failed: s.failed }
    rates.push(next.rate)
    s.record(next.rate, next.rate <= capacity)
  }
}

test('doubles while steps hold, then narrows between the last that held and the first that failed to the resolution', () => {
  const r = search(500)
  assert.equal(r.rates.slice(0, 4), [100, 200, 400, 800])
  assert.is(r.end, 'bracketed')
  assert.ok(r.held! <= 500 && r.failed! > 500)
  assert.ok(r.failed! / r.held! - 1 <= 0.1, `${r.held}..${r.failed}`)
  // Every narrowing step lies strictly inside the bracket it narrows.
  assert.ok(r.rates.length <= 8, `${r.rates}`)
})

test('a target that fails the first rate is searched downwards; one that fails even 1/s ends "failed at min"', () => {
  const r = search(30)
  assert.equal(r.rates.slice(0, 3), [100, 50, 25])
  assert.is(r.end, 'bracketed')
  assert.ok(r.held! <= 30 && r.failed! > 30)
  assert.is(search(0).end, 'failed at min')
})

test('a target that holds the highest rate allowed ends "held at max"; the step limit ends a search', () => {
  const r = search(Infinity, { maxRate: 1000 })
  assert.equal(r.rates, [100, 200, 400, 800, 1000])
  assert.is(r.end, 'held at max')
  assert.is(search(Infinity, { maxSteps: 3 }).end, 'out of steps')
})

test('--slo: objectives parsed with their units; every problem listed at once', () => {
  const objectives = parseSlo('p(99)<200ms, avg<=0.05s ,error_rate<1%,med<10ms,max<2s')
  assert.equal(objectives.map((o) => [o.text, o.aggregate, o.limit, o.inclusive]), [
    ['p(99)<200ms', 'p(99)', 200, false], ['avg<=0.05s', 'avg', 50, true], ['error_rate<1%', 'rate', 0.01, false],
    ['med<10ms', 'med', 10, false], ['max<2s', 'max', 2000, false],
  ])
  assert.is(parseSlo('error_rate<0.05')[0]!.limit, 0.05)
  for (const [bad, why] of [
    ['', /empty/], ['p(99)>200ms', /expected <aggregate><op><limit>/], ['p(101)<1s', /percentile "101"/], ['p95<1s', /did you mean p\(95\)/],
    ['avg<200', /needs a unit/], ['error_rate<2', /percentage/], ['p(99)<1s,p(99)<2s', /twice/], ['throughput<5', /unknown objective/],
  ] as const) {
    try {
      parseSlo(bad)
      assert.unreachable(`${bad} parsed`)
    } catch (error) {
      assert.instance(error, UsageError)
      assert.match((error as Error).message, why)
    }
  }
})

test('objectives read a step: percentiles from its histogram, error rate counting dropped arrivals as failures', () => {
  const histogram = new LatencyHistogram()
  for (let i = 1; i <= 1000; i++) histogram.record(i * 1000) // 1..1000 ms
  const slice = { requests: 1000, failed: 5, latency: { mean: 500.5, max: 1000 } as never, histograms: { latency: histogram.encode() } }
  const results = judgeObjectives(parseSlo('p(99)<995ms,p(90)<1s,avg<500ms,error_rate<1%'), { slice, dropped: 6 })
  assert.equal(results.map((r) => r.ok), [true, true, false, false])
  assert.ok(Math.abs(results[0]!.actual - 990) <= 1, String(results[0]!.actual))
  assert.is(errorRate({ slice, dropped: 6 }), 11 / 1006)
  assert.is(errorRate({ slice: { ...slice, requests: 0, failed: 0 }, dropped: 0 }), 0)
})

test('a step runs compare\'s 10 s, longer when its percentiles need more requests (1,000 for p(99)) than 10 s bring', () => {
  const slo = parseSlo('p(99)<200ms,error_rate<1%')
  assert.is(stepSeconds(100, slo, 1), 10)
  assert.is(stepSeconds(1000, slo, 1), 10)
  assert.is(stepSeconds(25, slo, 1), 40)
  assert.is(stepSeconds(25, slo, 2), 20, 'two requests an iteration')
  assert.is(stepSeconds(1, parseSlo('p(99.9)<1s'), 1), MAX_STEP_SECONDS)
  assert.is(stepSeconds(1, parseSlo('avg<50ms,error_rate<1%'), 1), 10, 'no percentile: the seconds alone')
})

test.run()
