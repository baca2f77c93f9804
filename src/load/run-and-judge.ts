/**
 * One run, judged: the scenario's thresholds parsed and tracked, the plan run here or in worker
 * threads with a threshold monitor fed once a second, the summary built and the verdict given.
 * The runner's run command, `node runner capacity` (each step), the engine's tests and `merge`
 * (judgeThresholds: merged parts, no run) take this one path, so what is tested is what runs.
 */
import { executorInferredBy } from './executors/registry.ts'
import type { LiveFeed, SubscriberReport } from './live/live-feed.ts'
import { customMetricTypes } from './metrics/custom-metrics.ts'
import { RunMetrics } from './metrics/run-metrics.ts'
import { ThresholdMonitor } from './metrics/threshold-monitor.ts'
import type { TickData } from './metrics/threshold-sinks.ts'
import { parseThresholds, type ParsedThreshold, type ThresholdResult } from './metrics/thresholds.ts'
import { buildPhasePlan, type PhasePlan, type RunOverrides } from './phase-plan.ts'
import { RunControl } from './run-control.ts'
import { runScenario, type RunEvents, type RunResult, type RunSettings } from './run.ts'
import { judgeSummary, type Verdict } from './verdict.ts'
import { runScenarioInWorkers } from './workers/run-in-workers.ts'
import { buildSummary, type StoppedBy, type Summary } from '../report/summary.ts'

export type { Verdict } from './verdict.ts'

/** Makes the run's threshold monitor (a distributed part's also records ticks: RecordingMonitor). */
export type MonitorFactory = (thresholds: readonly ParsedThreshold[], parts: number, onAbort: (threshold: ParsedThreshold) => void) => ThresholdMonitor

export interface JudgedRunSettings extends Omit<RunSettings, 'plan' | 'metrics' | 'monitor' | 'control'> {
  /** Default: buildPhasePlan(scenario, overrides); `plan.segment` for a part of a distributed run. */
  plan?: PhasePlan
  overrides?: RunOverrides
  control?: RunControl
  /** How the summary names the run and its target. */
  name: string
  targetName: string
  /** `--workers N` (N > 1): the phases run in N worker threads, each importing `scenarioFile`. */
  workers?: { count: number; scenarioFile: string }
  /** Default: a ThresholdMonitor. */
  makeMonitor?: MonitorFactory
  /** An abortOnFail threshold failed: the run is being stopped. */
  onAbort?: (stoppedBy: StoppedBy) => void
  /**
   * Waits for the run once it is going; may give up (undefined) when a stopped run does not end
   * (runner/interrupt.ts settleAfterStop). Default: waits for it.
   */
  settle?: (running: Promise<RunResult>, control: RunControl) => Promise<RunResult | undefined>
  /** How long outputs on the live feed may take to flush after the run (default 5 s). */
  feedGraceMs?: number
}

export interface JudgedRun {
  plan: PhasePlan
  thresholds: ParsedThreshold[]
  metrics: RunMetrics
  monitor: ThresholdMonitor
  control: RunControl
  /** Undefined when `settle` gave up on a stopped run. */
  result: RunResult | undefined
  summary: Summary
  verdict: Verdict
  /** What each output on the live feed got and lost (empty without a feed). */
  outputs: SubscriberReport[]
}

export async function runAndJudge(settings: JudgedRunSettings): Promise<JudgedRun> {
  const { scenario, overrides = {} } = settings
  const plan = settings.plan ?? buildPhasePlan(scenario, overrides)
  const control = settings.control ?? new RunControl()
  const thresholds = parseThresholds(scenario.thresholds, customMetricTypes()).thresholds
  const metrics = new RunMetrics().track(thresholds)
  let stoppedBy: StoppedBy | undefined
  const parts = settings.workers && settings.workers.count > 1 ? settings.workers.count : 1
  const monitor = (settings.makeMonitor ?? defaultMonitor)(thresholds, parts, (threshold) => {
    stoppedBy = { threshold: `${threshold.metric} ${threshold.expression}`, atMs: control.now() }
    settings.onAbort?.(stoppedBy)
    control.stop('threshold')
  })
  const { feed } = settings
  const run: RunSettings = { ...settings, plan, control, metrics, monitor, events: feed ? withFeedEvents(settings.events, feed, control) : settings.events }
  const running = parts > 1
    ? runScenarioInWorkers({ ...run, workers: parts, scenarioFile: settings.workers!.scenarioFile, overrides, thresholds })
    : runScenario(run)
  const result = settings.settle ? await settings.settle(running, control) : await running
  const outputs = feed ? await feed.close(settings.feedGraceMs ?? FEED_GRACE_MS) : []
  // The run's clock restarted when the phases started.
  const wallMs = result?.wallMs ?? control.now()
  const summary = buildSummary(metrics, {
    scenario: settings.name,
    target: settings.targetName,
    startedAt: control.startedAt,
    seed: settings.seed,
    wallMs,
    interrupted: control.stopReason === 'interrupt',
    stoppedBy,
    form: plan.form,
    threads: plan.maxThreads,
    iterations: iterationsOf(plan, settings),
    streams: outputs,
  }, monitor.results(metrics.sinks, wallMs))
  return { plan, thresholds, metrics, monitor, control, result, summary, verdict: judgeSummary(summary, result?.teardownError), outputs }
}

/**
 * Thresholds judged after the fact (no live run): whole-run ones from the sinks, windows by
 * replaying per-second ticks through a monitor as a run feeds it. `merge` gives the parts' ticks.
 */
export function judgeThresholds(
  thresholds: readonly ParsedThreshold[], metrics: RunMetrics, wallMs: number, ticks: Iterable<{ tick: number; full: boolean; data: TickData }> = [],
): ThresholdResult[] {
  const monitor = new ThresholdMonitor(thresholds, 1, () => {})
  for (const { tick, full, data } of ticks) monitor.ingest(tick, data, full)
  monitor.finish()
  return monitor.results(metrics.sinks, wallMs)
}

const FEED_GRACE_MS = 5_000

/** The run's phase events, told to the live feed too. */
function withFeedEvents(events: RunEvents | undefined, feed: LiveFeed, control: RunControl): RunEvents {
  return {
    phaseStarted: (phase) => {
      feed.event({ type: 'phase-started', phase: phase.name, epochMs: control.startEpochMs + control.now() })
      events?.phaseStarted?.(phase)
    },
    phaseCompleted: (phase, elapsedMs, interrupted) => {
      feed.event({ type: 'phase-completed', phase: phase.name, epochMs: control.startEpochMs + control.now() })
      events?.phaseCompleted?.(phase, elapsedMs, interrupted)
    },
  }
}

const defaultMonitor: MonitorFactory = (thresholds, parts, onAbort) => new ThresholdMonitor(thresholds, parts, onAbort)

/** The iterations per thread the report names, when a phase ran the executor counting them (the default). */
function iterationsOf(plan: PhasePlan, settings: JudgedRunSettings): number | undefined {
  const counting = executorInferredBy('iterations').name
  if (!plan.phases.some((phase) => phase.executor === counting)) return undefined
  return settings.overrides?.iterations ?? settings.scenario.iterations ?? 1
}
