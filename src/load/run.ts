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
import type { IterationErrors } from './iteration-errors.ts'
import { LiveCollector } from './live/live-collector.ts'
import type { LiveFeed } from './live/live-feed.ts'
import { bindCustomMetrics } from './metrics/custom-metrics.ts'
import { startMetricsTicker } from './metrics/metrics-ticker.ts'
import { RunMetrics } from './metrics/run-metrics.ts'
import type { ThresholdMonitor } from './metrics/threshold-monitor.ts'
import { localPlan, type PhasePlan } from './phase-plan.ts'
import { seededRandom } from './random.ts'
import { LiveCounters, RunControl } from './run-control.ts'
import { RunFailure } from './run-errors.ts'
import { runPlan, type PhaseBarrier, type RunEvents } from './scheduler.ts'
import type { IterationFunction, Scenario, SetupContext } from './scenario.ts'
import type { ThreadRun } from './virtual-thread.ts'
import { threadIdsOf } from './workers/thread-ids.ts'
import { clockOrigin, waitForStart } from './start-clock.ts'

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
  /** Outputs listening while the run goes (live/live-feed.ts); fed once a second. */
  feed?: LiveFeed
  /** Warnings for the person running the test, once per key (e.g. `dropped:Peak`). */
  onNotice?: (text: string, key: string) => void
  /** Thread ids; default 1, 2, 3... (worker threads interleave theirs so ids stay unique). */
  nextVu?: () => number
  /** setup() does not run: its data is this one's `data` (`--setup-data FILE`, or none with `--no-setup`). */
  setupData?: { data: unknown }
  /** `--no-teardown`. */
  skipTeardown?: boolean
  /** `--start-at`: the phases begin at this wall-clock moment (epoch ms); `say` tells the person waiting. */
  startAt?: { epochMs: number; say(text: string): void }
  /** `--segment i/n`: where the parts start each phase together (src/distributed/phase-barrier.ts). */
  barrier?: PhaseBarrier
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
  // --segment: this process's share of every phase; the scheduler still walks the whole plan.
  const local = localPlan(settings.plan)
  const hookContext = hookContextFor(settings)
  const data = settings.setupData ? settings.setupData.data : await runSetup(settings.scenario, run, hookContext)
  run.data = data
  await startClock(settings, control)
  const { feed } = settings
  if (feed) {
    feed.startEpochMs = control.startEpochMs
    run.metrics.live = new LiveCollector(feed.wantsSamples)
  }
  const stopTicker = startMetricsTicker(control, run.metrics, run.live, (tick, ticked, full, live) => {
    settings.monitor?.ingest(tick, ticked, full)
    if (live) feed?.ingest(tick, full, live.vus, live.part)
  })
  bindCustomMetrics(run.metrics)
  try {
    await runPlan({
      plan: settings.plan, control, metrics: run.metrics, live: run.live, events: settings.events ?? {},
      launch: (index) => launchHere(local.phases[index]!, run), barrier: settings.barrier,
    })
  } finally {
    settings.barrier?.close()
    bindCustomMetrics(undefined)
    stopTicker()
    run.metrics.live = undefined
    settings.monitor?.finish()
  }
  const wallMs = control.now()
  const teardownError = settings.skipTeardown ? undefined : await runTeardown(settings.scenario, run, data, hookContext)
  return { metrics: run.metrics, control, wallMs, iterationErrors: run.iterationErrors, teardownError }
}

/**
 * The run's clock (series, thresholds' delayAbortEval, phase times) starts with the phases: now,
 * or at `--start-at` (waited for), so that every part of a distributed run counts its seconds from
 * the same wall-clock moment; a part that is late still counts from it (up to a minute late:
 * clockOrigin).
 */
export async function startClock(settings: RunSettings, control: RunControl): Promise<void> {
  if (!settings.startAt) return control.restartClock()
  await waitForStart(settings.startAt.epochMs, control, settings.startAt.say)
  control.restartClock(clockOrigin(settings.startAt.epochMs))
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
    iterationErrors: metrics.iterationErrors,
    nextVu: settings.nextVu ?? (settings.plan.segment ? threadIdsOf(settings.plan.segment) : () => ++vu),
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
export async function runSetupOnly(settings: RunSettings, control: RunControl): Promise<unknown> {
  if (settings.setupData) return settings.setupData.data
  return runSetup(settings.scenario, prepareThreadRun(settings, control, undefined), hookContextFor(settings))
}

/** teardown() alone, for the main thread of a run spread over worker threads. */
export async function runTeardownOnly(settings: RunSettings, control: RunControl, data: unknown): Promise<string | undefined> {
  if (settings.skipTeardown) return undefined
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
