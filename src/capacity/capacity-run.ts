/**
 * `node runner capacity` (docs/capacity.md): the highest arrival rate a target sustains within a
 * service-level objective. setup() runs once; then each step (step-run.ts) runs the scenario's
 * iteration at one rate, is judged against the objective (slo.ts) once it ran long enough to be
 * judged (compare's rule), and the search (rate-search.ts) picks the next rate, until the knee is
 * bracketed, the generator saturates, or the limits are reached; teardown() runs once. The steps
 * become one summary, each step a phase of it, as `merge` makes one of a distributed run's parts.
 */
import { RunMetrics } from '../load/metrics/run-metrics.ts'
import type { HttpTarget } from '../load/http/target.ts'
import type { RunEvents } from '../load/run.ts'
import { runSetupOnly, runTeardownOnly, type RunSettings } from '../load/run.ts'
import type { LiveCounters, RunControl } from '../load/run-control.ts'
import type { Scenario } from '../load/scenario.ts'
import { shiftPhases } from '../distributed/part-merger.ts'
import { MIN_SECONDS, requestsForPercentile, unjudgeable } from '../report/compare/judgeable.ts'
import { mergeSeriesByWallClock } from '../report/histogram-merge.ts'
import { buildSummary } from '../report/summary.ts'
import type { CapacityStep, CapacitySummary, CapacityVerdict, Summary } from '../report/summary-types.ts'
import { generatorSaturated } from './generator-load.ts'
import { RateSearch, type SearchEnd, type SearchSettings } from './rate-search.ts'
import { errorRate, judgeObjectives, largestLatencyLimit, percentileOf, type Objective } from './slo.ts'
import { iterationOf, runStep, type StepContext, type StepRun } from './step-run.ts'

export interface CapacitySettings {
  scenario: Scenario
  exports: Record<string, unknown>
  slo: string
  objectives: Objective[]
  search: SearchSettings
  target: HttpTarget
  targetDescription: string
  timeoutMs: number
  seed: number
  env: Record<string, string | undefined>
  control: RunControl
  live: LiveCounters
  events?: RunEvents
  onNotice?: (text: string) => void
  /** Each step as soon as it is judged (the live lines). */
  onStep?: (step: CapacityStep) => void
}

export interface CapacityRun {
  summary: Summary & { capacity: CapacitySummary }
  teardownError?: string
}

/** Whole seconds a step runs at least: compare's minimum, so each step is long enough to be judged. */
export const STEP_SECONDS = MIN_SECONDS
/** The longest a step is made to get the requests its percentiles need (p(99.9) at a low rate would want far more). */
export const MAX_STEP_SECONDS = 120

/**
 * How long a step at `rate` runs: compare's minimum, longer when that would not bring the requests
 * compare needs to judge the objective's highest percentile (1,000 for p(99)), at the requests an
 * iteration made in the steps so far (1 before the first).
 */
export function stepSeconds(rate: number, objectives: readonly Objective[], requestsPerIteration: number): number {
  const needed = Math.max(0, ...objectives.map(percentileOf).filter((p): p is number => p !== undefined).map(requestsForPercentile))
  return Math.min(MAX_STEP_SECONDS, Math.max(STEP_SECONDS, Math.ceil(needed / (rate * requestsPerIteration) - 1e-9)))
}

export async function runCapacity(s: CapacitySettings): Promise<CapacityRun> {
  const scenario = { ...s.scenario, iteration: iterationOf(s.scenario, s.exports) }
  // The step table shows what these say (threads all busy, arrivals dropped): overload is what a search looks for.
  const onNotice = (text: string, key: string) => {
    if (!/^(waiting|dropped):/.test(key)) s.onNotice?.(text)
  }
  const hooks: RunSettings = {
    scenario, plan: { maxThreads: 1, form: 'phases', phases: [] }, target: s.target, timeoutMs: s.timeoutMs, seed: s.seed, env: s.env,
    onNotice,
  }
  const data = await runSetupOnly(hooks, s.control)
  const ctx: StepContext = {
    scenario, target: s.target, targetDescription: s.targetDescription, timeoutMs: s.timeoutMs, seed: s.seed, env: s.env, data,
    graceMs: graceFor(s.objectives, s.timeoutMs), control: s.control, live: s.live, events: s.events, onNotice,
  }
  const search = new RateSearch(s.search)
  const runs: StepRun[] = []
  const steps: CapacityStep[] = []
  let end: End | undefined
  while (end === undefined) {
    const next = search.next()
    if ('end' in next) {
      end = next.end
      break
    }
    const scheduled = stepSeconds(next.rate, s.objectives, requestsPerIteration(runs))
    const run = await runStep(ctx, runs.length + 1, next.rate, scheduled * 1000)
    const step = judgeStep(run, s.objectives, scheduled)
    runs.push(run)
    steps.push(step)
    s.onStep?.(step)
    if (run.interrupted || s.control.stopped) end = 'interrupted'
    else if (step.held === false && step.generatorSaturated) end = 'generator saturated'
    else if (step.held === null) end = 'unjudged'
    else search.record(next.rate, step.held)
    // An overloaded target still works off what queued in it: the next step starts once that is done.
    if (end === undefined && step.held === false) await pause(Math.min(MAX_SETTLE_MS, Math.max(1000, step.maxMs)), s.control)
  }
  const teardownError = await runTeardownOnly(hooks, s.control, data)
  const capacity = capacityOf(s, steps, search, end)
  const summary = Object.assign(stepsSummary(runs, s, scenario), { capacity })
  return { summary, teardownError }
}

/** Longest wait after a failed step for the target to work off its backlog. */
const MAX_SETTLE_MS = 30_000

/** Resolves after `ms`, or at once on Ctrl-C. */
function pause(ms: number, control: RunControl): Promise<void> {
  return new Promise((resolve) => {
    const unlink = control.onStop(done)
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      unlink()
      resolve()
    }
  })
}

/** A step's late iterations may finish for twice the largest latency limit (1 s to the request timeout). */
function graceFor(objectives: readonly Objective[], timeoutMs: number): number {
  return Math.min(timeoutMs, Math.max(1000, 2 * largestLatencyLimit(objectives)))
}

/** Requests an iteration made over the steps so far; 1 before any (or when none made one). */
function requestsPerIteration(runs: readonly StepRun[]): number {
  const requests = runs.reduce((n, r) => n + r.summary.overall.requests, 0)
  const iterations = runs.reduce((n, r) => n + r.summary.overall.iterations, 0)
  return requests > 0 && iterations > 0 ? requests / iterations : 1
}

/**
 * A step failed when an objective it can be judged on (compare's rule, judgeable.ts: whole
 * seconds, and requests beyond a percentile) failed; held when every objective can be judged and
 * held; otherwise it is not judged.
 */
function judgeStep(run: StepRun, objectives: readonly Objective[], scheduledSeconds: number): CapacityStep {
  const { overall } = run.summary
  const figures = { slice: overall, dropped: overall.droppedIterations }
  const seconds = Math.floor(run.summary.wallMs / 1000)
  const results = judgeObjectives(objectives, figures).map((result, i) => {
    const unjudged = unjudgeable({ seconds, requests: overall.requests }, percentileOf(objectives[i]!), true)
    return unjudged ? { ...result, unjudged } : result
  })
  const failed = results.some((r) => !r.unjudged && !r.ok)
  const judged = results.every((r) => !r.unjudged) && overall.requests > 0
  const unjudged = failed || judged ? undefined
    : overall.requests === 0 ? 'no request was answered' : results.filter((r) => r.unjudged).map((r) => `${r.objective}: ${r.unjudged}`).join('; ')
  const held = failed ? false : judged ? true : null
  return {
    phase: run.phase,
    rate: run.rate,
    requests: overall.requests,
    throughput: overall.throughput,
    p50Ms: overall.latency.p50,
    p90Ms: overall.latency.p90,
    p99Ms: overall.latency.p99,
    maxMs: overall.latency.max,
    errorRate: errorRate(figures),
    errors: [...run.summary.errors].sort((a, b) => b.count - a.count),
    droppedIterations: overall.droppedIterations,
    scheduledSeconds,
    seconds,
    objectives: results,
    held,
    ...(unjudged ? { unjudged } : {}),
    generator: run.generator,
    generatorSaturated: generatorSaturated(run.generator),
  }
}

/** Why the search ended: the search's own reasons, or a step's. */
type End = SearchEnd | 'generator saturated' | 'interrupted' | 'unjudged'

function capacityOf(s: CapacitySettings, steps: CapacityStep[], search: RateSearch, end: End): CapacitySummary {
  const held = stepAt(steps, search.held, true)
  const failed = stepAt(steps, search.failed, false)
  const verdict: CapacityVerdict = end === 'bracketed' ? 'knee' : end === 'out of steps' || end === 'interrupted' || end === 'unjudged' ? 'incomplete' : end
  const capacity = verdict === 'knee' || verdict === 'held at max' || (verdict === 'incomplete' && held && failed) ? held!.rate : null
  return {
    slo: s.slo,
    objectives: s.objectives.map((o) => o.text),
    verdict,
    capacity,
    held,
    failed,
    uncertainty: held && failed ? failed.rate / held.rate - 1 : null,
    message: messageOf(verdict, held, failed, steps),
    steps,
    settings: { ...s.search, stepSeconds: STEP_SECONDS },
  }
}

function stepAt(steps: CapacityStep[], rate: number | undefined, held: boolean): CapacityStep | null {
  return rate === undefined ? null : steps.find((step) => step.rate === rate && step.held === held) ?? null
}

function messageOf(verdict: CapacityVerdict, held: CapacityStep | null, failed: CapacityStep | null, steps: CapacityStep[]): string {
  switch (verdict) {
    case 'knee':
      return `capacity ${held!.rate} iterations/s: ${held!.rate}/s held the objective, ${failed!.rate}/s did not (the knee lies between, within ${percent(failed!.rate / held!.rate - 1)})`
    case 'held at max':
      return `at least ${held!.rate} iterations/s: the highest rate allowed held the objective (raise --max-rate to search further)`
    case 'failed at min':
      return `below ${failed!.rate} iterations/s: even the lowest rate tried failed the objective`
    case 'generator saturated': {
      const last = steps.at(-1)!
      const load = `its event loop busy ${percent(last.generator.loopBusy)} of the time, CPU ${percent(last.generator.cpu)} of a core`
      return `no capacity: the generator saturated at ${last.rate}/s (${load}), not the target` +
        (held ? `; the target held ${held.rate}/s, so its capacity is at least that` : '') +
        '; run capacity on a bigger or less loaded machine than the target (its steps run in one process), or with a lighter iteration'
    }
    case 'incomplete':
      if (steps.at(-1)?.unjudged) return `no capacity: step ${steps.length} could not be judged (${steps.at(-1)!.unjudged})`
      return held && failed
        ? `capacity about ${held.rate} iterations/s, not narrowed down: ${held.rate}/s held, ${failed.rate}/s did not (the search stopped early)`
        : 'no capacity: the search stopped before a rate held and a higher one failed'
    default:
      return verdict satisfies never
  }
}

/** Every step's metrics as one run: phases on one clock, the per-second series on the wall clock. */
function stepsSummary(runs: StepRun[], s: CapacitySettings, scenario: Scenario): Summary {
  const total = new RunMetrics()
  const originMs = runs[0]?.startedAtMs ?? Date.now()
  let endMs = originMs
  for (const run of runs) {
    shiftPhases(run.metrics, run.startedAtMs - originMs)
    total.merge(run.metrics)
    endMs = Math.max(endMs, run.startedAtMs + run.summary.wallMs)
  }
  const summary = buildSummary(total, {
    scenario: scenario.name ?? 'capacity', target: s.targetDescription, startedAt: new Date(originMs), seed: s.seed,
    wallMs: endMs - originMs, interrupted: s.control.stopReason === 'interrupt', threads: Math.max(0, ...runs.map((r) => r.summary.threads)),
  })
  summary.series = mergeSeriesByWallClock(runs.map((run) => run.summary.series))
  return summary
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`
}
