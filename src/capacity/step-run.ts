/**
 * One step of a capacity search: the scenario's iteration at a constant arrival rate (the engine's
 * `rate` executor, k6's constant-arrival-rate) for the step's length, run by the engine in this
 * process, with the generator watched while it runs. The step's own metrics come back; whether it
 * held is the caller's to judge.
 */
import type { RunMetrics } from '../load/metrics/run-metrics.ts'
import type { HttpTarget } from '../load/http/target.ts'
import { LiveCounters, RunControl } from '../load/run-control.ts'
import { UsageError } from '../load/run-errors.ts'
import { runAndJudge } from '../load/run-and-judge.ts'
import type { RunEvents } from '../load/run.ts'
import type { IterationFunction, Scenario } from '../load/scenario.ts'
import type { Summary } from '../report/summary.ts'
import { watchGenerator, type GeneratorLoad } from './generator-load.ts'

/** What every step of one search shares. */
export interface StepContext {
  scenario: Scenario
  target: HttpTarget
  /** For the summary's Target line. */
  targetDescription: string
  timeoutMs: number
  seed: number
  env: Record<string, string | undefined>
  /** setup()'s data, run once before the first step. */
  data: unknown
  /** How long a step's late iterations may still finish (the rate phase's gracefulStop). */
  graceMs: number
  /** Ctrl-C: stops the step running and the search. */
  control: RunControl
  live: LiveCounters
  events?: RunEvents
  onNotice?: (text: string, key: string) => void
}

export interface StepRun {
  /** The step's phase name: `step 3: 250/s`. */
  phase: string
  rate: number
  metrics: RunMetrics
  summary: Summary
  /** Wall clock at the step's start (epoch ms). */
  startedAtMs: number
  generator: GeneratorLoad
  interrupted: boolean
}

/** Step `index` at `rate` iterations a second for `stepMs` (and one arrival more: see stepScenario). */
export async function runStep(ctx: StepContext, index: number, rate: number, stepMs: number): Promise<StepRun> {
  const phase = `step ${index}: ${rate}/s`
  const scenario = stepScenario(ctx, phase, rate, stepMs)
  // A step is its own run on its own clock; the search's Ctrl-C reaches it through the shared control.
  const control = new RunControl()
  const unlink = ctx.control.onStop(() => control.stop('interrupt'))
  const stopWatching = watchGenerator()
  try {
    const { metrics, summary } = await runAndJudge({
      scenario, name: scenario.name ?? 'capacity', target: ctx.target, targetName: ctx.targetDescription, timeoutMs: ctx.timeoutMs,
      seed: ctx.seed, env: ctx.env, control, live: ctx.live, events: ctx.events, setupData: { data: ctx.data }, skipTeardown: true, onNotice: ctx.onNotice,
    })
    const generator = stopWatching()
    return { phase, rate, metrics, summary, startedAtMs: control.startedAt.getTime(), generator, interrupted: control.stopped }
  } finally {
    unlink()
  }
}

/** The scenario with its load replaced by one rate phase; its iteration, headers and client settings kept. */
function stepScenario(ctx: StepContext, phase: string, rate: number, stepMs: number): Scenario {
  const { phases: _p, stages: _s, scenarios: _c, threads: _t, iterations: _i, duration: _d, thresholds: _h, setup: _u, teardown: _w, ...kept } = ctx.scenario
  return {
    ...kept,
    // One arrival more than stepMs holds, so the last starts at its end and the step has its whole seconds.
    phases: [{ name: phase, kind: 'rate', rate, duration: stepMs + 1000 / rate, gracefulStop: ctx.graceMs }],
  }
}

/**
 * The function each arrival runs: the scenario's `iteration`, else the `exec` of its one entry
 * in `scenarios` (a function, or the name of one the module exports).
 */
export function iterationOf(scenario: Scenario, exports: Record<string, unknown>): IterationFunction {
  if (typeof scenario.iteration === 'function') return scenario.iteration
  const entries = Object.values(scenario.scenarios ?? {})
  const exec = entries.length === 1 ? entries[0]!.exec ?? 'iteration' : undefined
  if (typeof exec === 'function') return exec
  if (typeof exec === 'string' && typeof exports[exec] === 'function') return exports[exec] as IterationFunction
  throw new UsageError('capacity runs one iteration function at rising rates: give the scenario an `iteration`, or exactly one entry in `scenarios` with its `exec`')
}
