/**
 * Thresholds of a distributed run judged on the merged data (docs/distributed.md), on parts
 * built here with known numbers: a sliding window is replayed over the parts' seconds added up
 * on the wall clock, so two parts of 50 iterations a second pass a window of 60 that either
 * alone fails, and parts a second apart without a common start do not line up; whole-run
 * thresholds read the merged sinks; what stopped a part fails the merged run.
 */
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { attachPartRecord } from '../src/distributed/attach-part.ts'
import { PartMerger } from '../src/distributed/part-merger.ts'
import { RecordingMonitor } from '../src/distributed/tick-recorder.ts'
import { newAggregate } from '../src/load/metrics/aggregates.ts'
import { RunMetrics } from '../src/load/metrics/run-metrics.ts'
import { parseThresholds } from '../src/load/metrics/thresholds.ts'
import { UsageError } from '../src/load/run-errors.ts'
import { buildPhasePlan } from '../src/load/phase-plan.ts'
import { buildSummary } from '../src/report/summary.ts'
import type { StoppedBy, Summary } from '../src/report/summary-types.ts'

const test = suite('distributed-windows', { deadline: 180 })

const WINDOW_KEY = 'iterations{scenario:rate}'
const { thresholds } = parseThresholds({
  [WINDOW_KEY]: [{ threshold: 'count>=60', window: '1s' }],
  iterations: ['count<150'],
})
const plan = buildPhasePlan({ phases: [{ name: 'rate', rate: 50, duration: '3s' }], iteration: async () => {} })
const SCENARIO_FILE = new URL('./fixtures/scenarios/distributed-mix.ts', import.meta.url).pathname

const counter = (n: number) => {
  const aggregate = newAggregate('counter')
  aggregate.add(n, 0)
  return aggregate.serialize()
}

/**
 * A part that completed `perSecond` iterations in each of `seconds` seconds, started `offsetMs`
 * after 18:00:00; its monitor sees the ticks as a run's ticker hands them over.
 */
function part(index: number, count: number, perSecond: number, seconds: number, offsetMs = 0, stoppedBy?: StoppedBy): Summary {
  const metrics = new RunMetrics().track(thresholds)
  const monitor = new RecordingMonitor(thresholds, 1, () => {})
  metrics.phaseStart('rate', 0, 'rate', 'rate')
  for (let second = 0; second < seconds; second++) {
    for (let i = 0; i < perSecond; i++) {
      metrics.now = () => second * 1000 + i
      metrics.iterationDone('rate', { phase: 'rate', scenario: 'rate', groupPath: '', scenarioTags: undefined })
    }
    monitor.ingest(second, metrics.sinks.takeTick(), true)
  }
  metrics.phaseEnd('rate', seconds * 1000)
  monitor.finish()
  const wallMs = seconds * 1000
  const summary = buildSummary(metrics, {
    scenario: 'windows', target: 'http://127.0.0.1:1', startedAt: new Date(Date.UTC(2026, 10, 27, 18) + offsetMs), wallMs, interrupted: false,
    threads: 1, stoppedBy,
  }, monitor.results(metrics.sinks, wallMs))
  // As a run with --segment writes it (--out), then reads it back.
  return JSON.parse(JSON.stringify(attachPartRecord(summary, { index: index - 1, count }, {
    file: SCENARIO_FILE, plan, startAtMs: undefined, thresholds, metrics, monitor, iterationErrors: 0,
  }))) as Summary
}

function merge(parts: Summary[]): Summary {
  const merger = new PartMerger()
  parts.forEach((summary, i) => merger.add({ summary, source: `part ${i + 1}` }))
  return merger.finish().summary
}

const result = (summary: Summary, metric: string) => summary.thresholds.find((t) => t.metric === metric)!

test('a part keeps the ticks of windowed thresholds only, its worker threads added up', () => {
  const monitor = new RecordingMonitor(thresholds, 2, () => {})
  monitor.ingest(0, { [WINDOW_KEY]: counter(30), iterations: counter(30) }, true)
  monitor.ingest(0, { [WINDOW_KEY]: counter(25), iterations: counter(25) }, false)
  assert.equal(monitor.recordedTicks(), [{ tick: 0, full: false, data: { [WINDOW_KEY]: { type: 'counter', sum: 55 } } }])
})

test('two parts of 50/s each: the merged window sees 100 a second and passes; either part alone fails it', () => {
  const alone = part(1, 2, 50, 3)
  assert.is(result(alone, WINDOW_KEY).ok, false, 'the part judged alone')
  assert.is(result(alone, WINDOW_KEY).actual, 50)
  const merged = merge([alone, part(2, 2, 50, 3)])
  assert.equal([result(merged, WINDOW_KEY).ok, result(merged, WINDOW_KEY).actual], [true, 100])
  // The whole run's count comes from the merged sinks: 300 iterations fail count<150.
  assert.equal([result(merged, 'iterations').ok, result(merged, 'iterations').actual], [false, 300])
  assert.is(merged.thresholdsOk, false)
  const one = merge([part(1, 1, 40, 3)])
  assert.equal([result(one, 'iterations').ok, result(one, 'iterations').actual, result(one, WINDOW_KEY).ok], [true, 120, false])
})

test('parts a second apart (no common start): their seconds are placed on the wall clock, and the window sees the gap', () => {
  const merged = merge([part(1, 2, 50, 3), part(2, 2, 50, 3, 1000)])
  // Seconds 0 and 3 have one part each (50), 1 and 2 both (100): the worst window is 50.
  assert.equal([result(merged, WINDOW_KEY).ok, result(merged, WINDOW_KEY).actual], [false, 50])
  assert.equal([merged.phases[0]!.startMs, merged.phases[0]!.endMs], [0, 4000], 'the phase spans both parts on one clock')
  assert.is(merged.wallMs, 4000)
  assert.is(merged.startedAt, '2026-11-27T18:00:00.000Z')
})

test('a threshold that stopped a part (abortOnFail) fails the merged run, whatever the merged data says', () => {
  const stopped = { threshold: 'iterations count<150', atMs: 1500 }
  const merged = merge([part(1, 2, 20, 3), part(2, 2, 20, 3, 0, stopped)])
  assert.equal(merged.stoppedBy, stopped)
  assert.equal([result(merged, 'iterations').ok, result(merged, 'iterations').aborted, result(merged, 'iterations').actual], [false, true, 120])
})

test('a damaged part, or one whose measurements this version cannot read, is refused with its name (exit 2), not a stack trace', () => {
  const damaged = part(1, 1, 10, 1) as Summary & { segment: { metrics: { version: number } } }
  damaged.segment.metrics.version = 9
  try {
    merge([damaged])
    assert.unreachable('merged a damaged part')
  } catch (error) {
    assert.instance(error, UsageError)
    assert.match((error as Error).message, /^part 1: its measurements cannot be read \(unsupported serialized metrics version\)/)
  }
  for (const [damage, message] of [
    [(r: Record<string, unknown>) => (r.index = 0), /a damaged segment record: segment 0\/1/],
    [(r: Record<string, unknown>) => delete r.thresholds, /a damaged segment record: no thresholds list/],
    [(r: Record<string, unknown>) => (r.ticks = [{ tick: 0 }]), /a damaged segment record: ticks is not a list/],
  ] as [(r: Record<string, unknown>) => unknown, RegExp][]) {
    const summary = part(1, 1, 10, 1) as Summary & { segment: Record<string, unknown> }
    damage(summary.segment)
    assert.throws(() => merge([summary]), (error: Error) => error instanceof UsageError && message.test(error.message))
  }
})

test.run()
