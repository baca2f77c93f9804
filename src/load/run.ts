/**
 * Runs a scenario in this process: setup(), the plan through the one scheduler (scheduler.ts),
 * teardown(). Everything measured lands in one RunMetrics, which serializes and merges, so
 * `--workers N` (workers/run-in-workers.ts) runs a part of every phase in each worker thread and
 * adds their metrics up. Once a second the metrics ticker feeds the threshold monitor.
 */
import { executorNamed } from './executors/registry.ts'
import type { PlannedPhase } from './executors/executor.ts'
import { EndpointNames } from './http/endpoint-names.ts'
import { HeaderLists } from './http/header-lists.ts'
import type { HttpTarget } from './http/target.ts'
import { ThreadHttp } from './http/thread-http.ts'
import { IterationErrors } from './iteration-errors.ts'
import { bindCustomMetrics } from './metrics/custom-metrics.ts'
import { startMetricsTicker } from './metrics/metrics-ticker.ts'
import { RunMetrics } from './metrics/run-metrics.ts'
import type { ThresholdMonitor } from './metrics/threshold-monitor.ts'
import type { PhasePlan } from './phase-plan.ts'
import { seededRandom } from './random.ts'
import { LiveCounters, RunControl } from './run-control.ts'
import { RunFailure } from './run-errors.ts'
import { runPlan, type RunEvents } from './scheduler.ts'
import type { IterationFunction, Scenario, SetupContext } from './scenario.ts'
import type { ThreadRun } from './virtual-thread.ts'

export type { RunEvents } from './scheduler.ts'

export interface RunSettings {
  scenario: Scenario
  /** The module's named exports, where a scenario's `exec: 'name'` is found. */
  exports?: Record<string, unknown>
  plan: PhasePlan
  target: HttpTarget
  timeoutMs: number
  seed: number
  env?: Record<string, string | undefined>
  control?: RunControl
  live?: LiveCounters
  /** Track the thresholds' sinks on it first (`metrics.track(...)`). */
  metrics?: RunMetrics
  events?: RunEvents
  /** Judges thresholds live (abortOnFail, windows); fed once a second. */
  monitor?: ThresholdMonitor
  /** Warnings for the person running the test, once per key (e.g. `dropped:Peak`). */
  onNotice?: (text: string, key: string) => void
  /** Thread ids; default 1, 2, 3... (worker threads interleave theirs so ids stay unique). */
  nextVu?: () => number
}

export interface RunResult {
  metrics: RunMetrics
  control: RunControl
  /** From the first phase's start to the last phase's end (setup and teardown excluded). */
  wallMs: number
  iterationErrors: IterationErrors
  /** Why teardown() failed, if it did; the measurements stand. */
  teardownError?: string
}

export async function runScenario(settings: RunSettings): Promise<RunResult> {
  const control = settings.control ?? new RunControl()
  const run = prepareThreadRun(settings, control, undefined)
  const hookContext = hookContextFor(settings)
  const data = await runSetup(settings.scenario, run, hookContext)
  run.data = data
  // The run's clock (series, thresholds' delayAbortEval, phase times) starts with the phases.
  control.restartClock()
  const stopTicker = startMetricsTicker(control, run.metrics, run.live, (tick, ticked, full) => settings.monitor?.ingest(tick, ticked, full))
  bindCustomMetrics(run.metrics)
  try {
    await runPlan({
      plan: settings.plan, control, metrics: run.metrics, live: run.live, events: settings.events ?? {},
      launch: (_index, phase) => launchHere(phase, run),
    })
  } finally {
    bindCustomMetrics(undefined)
    stopTicker()
    settings.monitor?.finish()
  }
  const wallMs = control.now()
  const teardownError = await runTeardown(settings.scenario, run, data, hookContext)
  return { metrics: run.metrics, control, wallMs, iterationErrors: run.iterationErrors, teardownError }
}

/** Runs a phase (this process's part of it) with its executor. */
export function launchHere(phase: PlannedPhase, run: ThreadRun) {
  return executorNamed(phase.executor)!.run(phase, run)
}

/** What the threads of this process share; a worker thread builds its own. */
export function prepareThreadRun(settings: RunSettings, control: RunControl, data: unknown): ThreadRun {
  let vu = 0
  const metrics = settings.metrics ?? new RunMetrics()
  metrics.now = () => control.now()
  return {
    target: settings.target,
    timeoutMs: Math.max(1, Math.ceil(settings.timeoutMs)),
    headers: new HeaderLists(settings.scenario.headers),
    endpoints: new EndpointNames(),
    control,
    live: settings.live ?? new LiveCounters(),
    metrics,
    scenario: settings.scenario,
    env: settings.env ?? { ...process.env },
    seed: settings.seed,
    data,
    iterationErrors: new IterationErrors(),
    nextVu: settings.nextVu ?? (() => ++vu),
    iterationFor: iterationResolver(settings.scenario, settings.exports ?? {}),
    notice: oncePerKey(settings.onNotice),
  }
}

/** Passes each key's first notice on; later ones with the same key are dropped. */
export function oncePerKey(onNotice: RunSettings['onNotice']): (key: string, text: string) => void {
  const noticed = new Set<string>()
  return (key, text) => {
    if (noticed.has(key)) return
    noticed.add(key)
    onNotice?.(text, key)
  }
}

/** A phase's iteration function: its scenario's `exec` (a function, or an export's name), else `iteration`. */
function iterationResolver(scenario: Scenario, exports: Record<string, unknown>): (phase: PlannedPhase) => IterationFunction {
  return (phase) => {
    const exec = scenario.scenarios?.[phase.scenario]?.exec
    if (typeof exec === 'function') return exec
    if (typeof exec === 'string' && typeof exports[exec] === 'function') return exports[exec] as IterationFunction
    return scenario.iteration!
  }
}

/** setup() alone, for the main thread of a run spread over worker threads. */
export function runSetupOnly(settings: RunSettings, control: RunControl): Promise<unknown> {
  return runSetup(settings.scenario, prepareThreadRun(settings, control, undefined), hookContextFor(settings))
}

/** teardown() alone, for the main thread of a run spread over worker threads. */
export function runTeardownOnly(settings: RunSettings, control: RunControl, data: unknown): Promise<string | undefined> {
  return runTeardown(settings.scenario, prepareThreadRun(settings, control, data), data, hookContextFor(settings))
}

function hookContextFor(settings: RunSettings): SetupContext {
  return { env: settings.env ?? { ...process.env }, random: seededRandom(settings.seed) }
}

/** setup() gets an unmeasured connection; if it throws, the run cannot be done. */
async function runSetup(scenario: Scenario, run: ThreadRun, ctx: SetupContext): Promise<unknown> {
  if (!scenario.setup) return undefined
  const http = new ThreadHttp(run)
  http.measuring = false
  try {
    return await scenario.setup(http, ctx)
  } catch (error) {
    throw new RunFailure(`setup() failed: ${errorText(error)}`)
  } finally {
    await http.close()
  }
}

/** teardown() runs even after Ctrl-C; a failure is reported but the measurements stand. */
async function runTeardown(scenario: Scenario, run: ThreadRun, data: unknown, ctx: SetupContext): Promise<string | undefined> {
  if (!scenario.teardown) return undefined
  const http = new ThreadHttp({ ...run, control: new RunControl() })
  http.measuring = false
  try {
    await scenario.teardown(data, http, ctx)
    return undefined
  } catch (error) {
    return `teardown() failed: ${errorText(error)}`
  } finally {
    await http.close()
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
