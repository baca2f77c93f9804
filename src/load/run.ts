/**
 * Runs a scenario's phases against a target: setup(), the phases in order (each starting when
 * the previous one reaches its `startNext`), teardown(). Everything measured lands in one
 * RunMetrics, which serializes and merges, so a later `--workers N` can run a share of the
 * threads in each worker thread and add their metrics up.
 */
import { runArrivalRate } from './executors/arrival-rate.ts'
import { runForDuration } from './executors/duration.ts'
import type { Executor, PhaseExecution } from './executors/executor.ts'
import { runPerThreadIterations } from './executors/per-thread-iterations.ts'
import { EndpointNames } from './http/endpoint-names.ts'
import { HeaderLists } from './http/header-lists.ts'
import type { HttpTarget } from './http/target.ts'
import { ThreadHttp } from './http/thread-http.ts'
import { IterationErrors } from './iteration-errors.ts'
import { RunMetrics } from './metrics/run-metrics.ts'
import type { PhasePlan, PlannedPhase } from './phase-plan.ts'
import { seededRandom } from './random.ts'
import { LiveCounters, RunControl } from './run-control.ts'
import { RunFailure } from './run-errors.ts'
import type { PhaseKind, Scenario, SetupContext } from './scenario.ts'
import type { ThreadRun } from './virtual-thread.ts'

const EXECUTORS: Record<PhaseKind, Executor> = {
  iterations: runPerThreadIterations,
  duration: runForDuration,
  rate: runArrivalRate,
}

export interface RunEvents {
  phaseStarted?(phase: PlannedPhase): void
  /** `elapsedMs`: from the phase's start to its last thread's end. */
  phaseCompleted?(phase: PlannedPhase, elapsedMs: number, interrupted: boolean): void
}

export interface RunSettings {
  scenario: Scenario
  plan: PhasePlan
  target: HttpTarget
  timeoutMs: number
  seed: number
  env?: Record<string, string | undefined>
  control?: RunControl
  live?: LiveCounters
  metrics?: RunMetrics
  events?: RunEvents
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
  const shared = sharedFor(settings, control)
  const hookContext = hookContextFor(settings)
  const data = await runSetup(settings.scenario, shared, hookContext)
  const run = threadRunFor(settings, shared, data)
  const phasesStartMs = control.now()
  await runPhases(settings.plan, run, settings.events ?? {})
  const wallMs = control.now() - phasesStartMs
  const teardownError = await runTeardown(settings.scenario, shared, data, hookContext)
  return { metrics: run.metrics, control, wallMs, iterationErrors: run.iterationErrors, teardownError }
}

/** What a worker thread needs to run phases one by one as the main thread calls them. */
export function prepareThreadRun(settings: RunSettings, control: RunControl, data: unknown): ThreadRun {
  return threadRunFor(settings, sharedFor(settings, control), data)
}

function threadRunFor(settings: RunSettings, shared: Shared, data: unknown): ThreadRun {
  let vu = 0
  return {
    ...shared, scenario: settings.scenario, env: settings.env ?? { ...process.env }, seed: settings.seed, data,
    iterationErrors: new IterationErrors(), nextVu: settings.nextVu ?? (() => ++vu),
  }
}

/** setup() alone, for the main thread of a run spread over worker threads. */
export function runSetupOnly(settings: RunSettings, control: RunControl): Promise<unknown> {
  return runSetup(settings.scenario, sharedFor(settings, control), hookContextFor(settings))
}

/** teardown() alone, for the main thread of a run spread over worker threads. */
export function runTeardownOnly(settings: RunSettings, control: RunControl, data: unknown): Promise<string | undefined> {
  return runTeardown(settings.scenario, sharedFor(settings, control), data, hookContextFor(settings))
}

function sharedFor(settings: RunSettings, control: RunControl): Shared {
  return {
    target: settings.target,
    timeoutMs: Math.max(1, Math.ceil(settings.timeoutMs)),
    headers: new HeaderLists(settings.scenario.headers),
    endpoints: new EndpointNames(),
    control,
    live: settings.live ?? new LiveCounters(),
    metrics: settings.metrics ?? new RunMetrics(),
  }
}

function hookContextFor(settings: RunSettings): SetupContext {
  return { env: settings.env ?? { ...process.env }, random: seededRandom(settings.seed) }
}

async function runPhases(plan: PhasePlan, run: ThreadRun, events: RunEvents): Promise<void> {
  const running: Promise<void>[] = []
  for (const phase of plan.phases) {
    if (run.control.stopped) break
    const execution = startPhase(phase, run, events)
    running.push(execution.done)
    // With the default startNext (1) wait for the phase's end, so its complete line comes first.
    await (phase.startNext >= 1 ? execution.done : execution.startNext)
  }
  await Promise.all(running)
}

/** Starts one phase's executor; announces it to the metrics and the events. */
export function startPhase(phase: PlannedPhase, run: ThreadRun, events: RunEvents): PhaseExecution {
  const startMs = run.control.now()
  // A rate phase reports the most threads it actually used; its executor tells the metrics.
  run.metrics.phaseStart(phase.name, phase.kind === 'rate' ? 0 : phase.threads, startMs)
  run.live.phases.add(phase.name)
  events.phaseStarted?.(phase)
  const execution = EXECUTORS[phase.kind](phase, run)
  const done = execution.done.then(() => {
    const endMs = run.control.now()
    run.metrics.phaseEnd(phase.name, endMs)
    run.live.phases.delete(phase.name)
    events.phaseCompleted?.(phase, endMs - startMs, run.control.stopped)
  })
  return { startNext: execution.startNext, done }
}

type Shared = Omit<ThreadRun, 'scenario' | 'env' | 'seed' | 'data' | 'iterationErrors' | 'nextVu'>

/** setup() gets an unmeasured connection; if it throws, the run cannot be done. */
async function runSetup(scenario: Scenario, shared: Shared, ctx: SetupContext): Promise<unknown> {
  if (!scenario.setup) return undefined
  const http = new ThreadHttp(shared)
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
async function runTeardown(scenario: Scenario, shared: Shared, data: unknown, ctx: SetupContext): Promise<string | undefined> {
  if (!scenario.teardown) return undefined
  const http = new ThreadHttp({ ...shared, control: new RunControl() })
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
