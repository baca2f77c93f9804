/**
 * The phase plan: the scenario's phases (or its parallel `scenarios`, or k6's top-level
 * `stages`) resolved against the command line's overrides into plain numbers, each phase run by
 * an executor from the registry. Both validation (scenario-validate.ts) and planning start from
 * `phaseInputs`, so what is checked is exactly what runs.
 */
import { parseDuration } from './parse-duration.ts'
import type { Part, PlanDefaults, PlannedPhase, Raw } from './executors/executor.ts'
import { WHOLE } from './executors/executor.ts'
import type { ExecutorModule } from './executors/executor.ts'
import { executorInferredBy, executorNamed, inferExecutor } from './executors/registry.ts'
import type { Phase, Scenario } from './scenario.ts'

/** Values from the command line that win over the scenario's own. */
export interface RunOverrides {
  threads?: number
  iterations?: number
  duration?: string
  timeout?: string
  seed?: number
  target?: string
  /** `--insecure`: the scenario's insecureSkipTLSVerify, whatever the file says. */
  insecure?: boolean
}

export interface PhasePlan {
  /** The scenario's max threads (phases form), else the sum of the scenarios' most threads. */
  maxThreads: number
  /** 'phases' (one after another) or 'scenarios' (in parallel, each from its startTime). */
  form: 'phases' | 'scenarios'
  phases: PlannedPhase[]
  /**
   * `--segment i/n`: this process runs part i of n of every phase, `phases` staying whole (each
   * executor's `split` takes the whole phase); splitPlan deals out this part. Undefined: all of it.
   */
  segment?: Part
}

export type { PlannedPhase } from './executors/executor.ts'

export const DEFAULT_PHASES: Phase[] = [{ name: 'Main', threads: 1 }]

/** k6's field names, accepted as written: mapped to ours before an executor sees them. */
export const K6_FIELDS: Readonly<Record<string, string>> = {
  vus: 'threads',
  maxVUs: 'maxThreads',
  preAllocatedVUs: 'preAllocatedThreads',
  startVUs: 'startThreads',
}

/** Fields every phase may set, besides its executor's. */
export const PHASE_COMMON = ['name', 'kind', 'executor', 'threads', 'startNext', 'tags']
/** Fields every entry of `scenarios` may set, besides its executor's. */
export const SCENARIO_COMMON = ['executor', 'kind', 'threads', 'exec', 'startTime', 'tags']

/** One phase as given, with what the planner and the validator need to agree on. */
export interface PhaseInput {
  /** Where it is, for messages: `phases[2] "Peak"` or `scenarios.browse`. */
  label: string
  name: string
  scenario: string
  /** Undefined when `kind`/`executor` names no executor. */
  executor: ExecutorModule | undefined
  /** The kind as written, or inferred from the fields. */
  kindText: string
  inferred: boolean
  /** Its fields with k6's names mapped to ours and `threads` absolute. */
  raw: Raw
  /** As written (k6 names kept), for messages. */
  given: Raw
  /** Share form only: the share given as `threads`. */
  threadsShare?: unknown
  startNext: number
  startTimeMs?: number
  exec?: unknown
  tags: Record<string, string>
}

/**
 * Phases that name no kind and set no telling field run for `--duration` or the scenario's
 * duration, else its iterations: the executor the registry infers from that field.
 */
function defaultExecutor(scenario: Scenario, overrides: RunOverrides): ExecutorModule {
  const timed = overrides.duration !== undefined || (overrides.iterations === undefined && scenario.duration !== undefined && scenario.iterations === undefined)
  return executorInferredBy(timed ? 'duration' : 'iterations')
}

export function planDefaults(scenario: Scenario, overrides: RunOverrides): PlanDefaults {
  return {
    iterations: overrides.iterations ?? scenario.iterations ?? 1,
    durationMs: parseDuration(overrides.duration ?? scenario.duration ?? 0) ?? 0,
    threadsGiven: overrides.threads !== undefined || scenario.threads !== undefined,
  }
}

/** floor(share * max), at least 1; the epsilon keeps 0.29 * 100 at 29, as a person expects. */
export function threadsForShare(share: number, maxThreads: number): number {
  return Math.max(1, Math.floor(share * maxThreads + 1e-9))
}

export function phaseInputs(scenario: Scenario, overrides: RunOverrides = {}): PhaseInput[] {
  if (scenario.scenarios !== undefined) return scenarioInputs(scenario.scenarios)
  const maxThreads = overrides.threads ?? scenario.threads ?? 1
  const fallback = defaultExecutor(scenario, overrides)
  // k6's top-level stages: one phase, whose executor the registry infers from `stages`.
  const phases = scenario.stages !== undefined
    ? [{ name: 'Main', stages: scenario.stages } as unknown as Phase]
    : scenario.phases ?? DEFAULT_PHASES
  return phases.map((phase, index) => {
    const given = (typeof phase === 'object' && phase !== null ? phase : {}) as Raw
    const name = typeof given.name === 'string' ? given.name : ''
    const raw = mapK6Fields(given)
    const share = given.threads
    raw.threads = threadsForShare(typeof share === 'number' && share > 0 && share <= 1 ? share : 1, maxThreads)
    return {
      ...executorOf(given, fallback, raw), label: name ? `phases[${index}] "${name}"` : `phases[${index}]`, name,
      scenario: 'default', raw, given, threadsShare: share,
      startNext: typeof given.startNext === 'number' ? given.startNext : 1, tags: stringMap(given.tags),
    }
  })
}

function scenarioInputs(scenarios: Record<string, unknown>): PhaseInput[] {
  return Object.entries(scenarios ?? {}).map(([name, value]) => {
    const given = (typeof value === 'object' && value !== null ? value : {}) as Raw
    const raw = mapK6Fields(given)
    raw.threads = typeof raw.threads === 'number' ? raw.threads : 1
    const kind = given.executor ?? given.kind
    return {
      executor: typeof kind === 'string' ? executorNamed(kind) : undefined, kindText: String(kind), inferred: false,
      label: `scenarios.${name}`, name, scenario: name, raw, given, startNext: 1,
      startTimeMs: parseDuration(given.startTime ?? 0) ?? 0, exec: given.exec, tags: stringMap(given.tags),
    }
  })
}

function executorOf(given: Raw, fallback: ExecutorModule, raw: Raw): Pick<PhaseInput, 'executor' | 'kindText' | 'inferred'> {
  const kind = given.kind ?? given.executor
  if (kind !== undefined) return { executor: typeof kind === 'string' ? executorNamed(kind) : undefined, kindText: String(kind), inferred: false }
  const executor = inferExecutor(raw, fallback)
  return { executor, kindText: executor.name, inferred: true }
}

/** A copy with k6's names (vus, maxVUs, ...) as ours; a field given both ways keeps ours. */
export function mapK6Fields(given: Raw): Raw {
  const raw: Raw = {}
  for (const [key, value] of Object.entries(given)) {
    const ours = K6_FIELDS[key]
    if (ours === undefined) raw[key] = value
    else if (given[ours] === undefined) raw[ours] = value
  }
  return raw
}

export function buildPhasePlan(scenario: Scenario, overrides: RunOverrides = {}): PhasePlan {
  const defaults = planDefaults(scenario, overrides)
  const phases = phaseInputs(scenario, overrides).map((input): PlannedPhase => {
    const executor = input.executor!
    const { threads, config } = executor.plan(input.raw, defaults)
    return {
      name: input.name, scenario: input.scenario, executor: executor.name, model: executor.model, threads, startNext: input.startNext,
      startTimeMs: input.startTimeMs, exec: typeof input.exec === 'string' ? input.exec : undefined,
      tags: input.tags, part: WHOLE, config,
    }
  })
  const form = scenario.scenarios !== undefined ? 'scenarios' : 'phases'
  const maxThreads = form === 'phases' ? overrides.threads ?? scenario.threads ?? Math.max(1, ...phases.map((p) => p.threads)) : phases.reduce((sum, p) => sum + p.threads, 0)
  return { maxThreads, form, phases }
}

/**
 * `count` parts of every phase (worker threads) of the plan's segment, or of the whole plan
 * without one: the parts together run exactly what the segment (or the whole) would.
 */
export function splitPlan(plan: PhasePlan, count: number): PhasePlan[] {
  return Array.from({ length: count }, (_, index) => ({
    ...plan,
    phases: plan.phases.map((phase) => {
      const part: Part = plan.segment ? { index, count, within: plan.segment } : { index, count }
      return executorNamed(phase.executor)!.split?.(phase, part) ?? { ...phase, part }
    }),
  }))
}

/** What this process runs of the plan: its segment's share of every phase, or the plan itself. */
export function localPlan(plan: PhasePlan): PhasePlan {
  return plan.segment ? splitPlan(plan, 1)[0]! : plan
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {}
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]))
}
