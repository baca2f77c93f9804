import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { parseDuration } from '../src/load/parse-duration.ts'
import { buildPhasePlan, threadsForShare } from '../src/load/phase-plan.ts'
import peak from '../scenarios/peak.ts'
import steps from '../scenarios/steps.ts'
import type { Scenario } from '../src/load/scenario.ts'

const test = suite('load-phase-plan', { deadline: 120 })

const iteration = async () => {}

test('peak with 20 threads runs 2, 10, 20 and 5 threads, 100 iterations each', () => {
  const plan = buildPhasePlan(peak, { threads: 20, iterations: 100 })
  assert.equal(plan.phases.map((p) => [p.name, p.threads, p.config.iterations, p.executor]), [
    ['Warmup', 2, 100, 'iterations'],
    ['Loading', 10, 100, 'iterations'],
    ['Peak', 20, 100, 'iterations'],
    ['Cooldown', 5, 100, 'iterations'],
  ])
})

test('peak with 100 threads runs 10, 50, 100 and 25 threads', () => {
  assert.equal(buildPhasePlan(peak, { threads: 100 }).phases.map((p) => p.threads), [10, 50, 100, 25])
})

test('a share too small for the thread count still gets one thread', () => {
  assert.is(threadsForShare(0.1, 5), 1)
  assert.is(threadsForShare(0.01, 1), 1)
  assert.equal(buildPhasePlan(peak, { threads: 3 }).phases.map((p) => p.threads), [1, 1, 3, 1])
})

test('shares that are not exact in binary floating point floor as a person expects', () => {
  assert.is(threadsForShare(0.29, 100), 29)
  assert.is(threadsForShare(0.7, 10), 7)
})

test('--iterations overrides the scenario default, not a phase that sets its own', () => {
  const scenario: Scenario = { iterations: 5, phases: [{ name: 'A' }, { name: 'B', iterations: 2 }], iteration }
  assert.equal(buildPhasePlan(scenario, { iterations: 9 }).phases.map((p) => p.config.iterations), [9, 2])
})

test('phases without a kind become duration phases with --duration', () => {
  const plan = buildPhasePlan(peak, { duration: '2s' })
  assert.ok(plan.phases.every((p) => p.executor === 'duration' && p.config.durationMs === 2000))
})

test('kinds follow the fields a phase sets; a rate phase gets its share of threads as maxThreads', () => {
  const scenario: Scenario = {
    threads: 10,
    phases: [
      { name: 'closed', iterations: 3 },
      { name: 'timed', duration: '1m' },
      { name: 'open', rate: 50, duration: '10s', threads: 0.5 },
      { name: 'open2', rate: 5, duration: 500, maxThreads: 3, preAllocatedThreads: 2 },
    ],
    iteration,
  }
  const phases = buildPhasePlan(scenario).phases
  assert.equal(phases.map((p) => p.executor), ['iterations', 'duration', 'rate', 'rate'])
  assert.equal([phases[1]!.config.durationMs, phases[2]!.threads, phases[2]!.config.perSecond, phases[3]!.threads, phases[3]!.config.preAllocatedThreads], [60_000, 5, 50, 3, 2])
})

test('no phases means one phase with every thread; startNext defaults to 1', () => {
  const phases = buildPhasePlan({ threads: 4, iteration }).phases
  assert.equal(phases.map((p) => [p.name, p.threads, p.startNext]), [['Main', 4, 1]])
  assert.equal(buildPhasePlan(steps).phases.map((p) => p.startNext), [0.5, 0.5, 0.5, 1])
})

test('durations: units, combinations, bare numbers as milliseconds, and refusals', () => {
  assert.is(parseDuration('30s'), 30_000)
  assert.is(parseDuration('1m'), 60_000)
  assert.is(parseDuration('500ms'), 500)
  assert.is(parseDuration('1m30s'), 90_000)
  assert.is(parseDuration('1.5s'), 1500)
  assert.is(parseDuration(250), 250)
  for (const bad of ['30', '', 's', '-1s', '1d', '10 s', -5, null]) assert.is(parseDuration(bad), undefined, String(bad))
})

test('a rate phase without maxThreads gets a sensible default, not 1; every executor plans from its k6 fields', () => {
  const open = buildPhasePlan({ phases: [{ name: 'Open', rate: 500, duration: '10s' }], iteration }).phases[0]!
  assert.equal([open.threads, open.config.queueLimit], [500, 500])
  const shared = buildPhasePlan({ threads: 10, phases: [{ name: 'Open', rate: 500, duration: '10s', threads: 0.5 }], iteration }).phases[0]!
  assert.is(shared.threads, 5, 'the scenario chose its threads: the phase takes its share')
  const k6 = buildPhasePlan({
    scenarios: {
      ramp: { executor: 'ramping-vus', startVUs: 2, stages: [{ duration: '10s', target: 20 }, { duration: '5s', target: 0 }] },
      arrivals: { executor: 'ramping-arrival-rate', startRate: 60, timeUnit: '1m', stages: [{ duration: '1m', target: 120 }], preAllocatedVUs: 3, maxVUs: 9, exec: 'x' },
      fixed: { executor: 'constant-vus', vus: 4, duration: '30s', startTime: '5s' },
    },
    iteration,
  })
  assert.equal(k6.form, 'scenarios')
  assert.equal(k6.phases.map((p) => [p.name, p.executor, p.threads, p.startTimeMs, p.exec]), [
    ['ramp', 'ramping-threads', 20, 0, undefined], ['arrivals', 'ramping-rate', 9, 0, 'x'], ['fixed', 'duration', 4, 5000, undefined],
  ])
  assert.equal([k6.phases[1]!.config.startRate, k6.phases[1]!.config.stages], [1, [{ ms: 60_000, target: 2 }]], 'per second')
  assert.is(k6.maxThreads, 33)
})

test.run()
