/**
 * The phase plan: the scenario's phases resolved against the command line's overrides into
 * plain numbers (threads, iterations, milliseconds), so executors never look at raw input.
 * Assumes a scenario that `validateScenario` accepted.
 */
import { parseDuration } from './duration.ts'
import type { Phase, PhaseKind, Scenario } from './scenario.ts'

/** Values from the command line that win over the scenario's own. */
export interface RunOverrides {
  threads?: number
  iterations?: number
  duration?: string
  timeout?: string
  seed?: number
  target?: string
}

export interface PlannedPhase {
  name: string
  kind: PhaseKind
  /** Threads of an iterations or duration phase; the most threads of a rate phase. */
  threads: number
  /** Per thread, iterations phases only. */
  iterations: number
  /** Duration and rate phases only. */
  durationMs: number
  /** Iterations started per second, rate phases only. */
  rate: number
  preAllocatedThreads: number
  /** Share of the phase done (threads, or time) before the next phase starts. */
  startNext: number
}

export interface PhasePlan {
  maxThreads: number
  phases: PlannedPhase[]
}

export const DEFAULT_PHASES: Phase[] = [{ name: 'Main', threads: 1 }]

/** floor(share * max), at least 1; the epsilon keeps 0.29 * 100 at 29, as a person expects. */
export function threadsForShare(share: number, maxThreads: number): number {
  return Math.max(1, Math.floor(share * maxThreads + 1e-9))
}

export function phaseKind(phase: Phase, defaultKind: PhaseKind): PhaseKind | string {
  if (phase.kind !== undefined) return phase.kind
  if ('rate' in phase) return 'rate'
  if ('duration' in phase) return 'duration'
  if ('iterations' in phase) return 'iterations'
  return defaultKind
}

/** Phases that name no kind run for `--duration` or the scenario's duration, else iterations. */
export function defaultPhaseKind(scenario: Scenario, overrides: RunOverrides): PhaseKind {
  if (overrides.duration !== undefined) return 'duration'
  if (overrides.iterations !== undefined) return 'iterations'
  return scenario.duration !== undefined && scenario.iterations === undefined ? 'duration' : 'iterations'
}

export function buildPhasePlan(scenario: Scenario, overrides: RunOverrides = {}): PhasePlan {
  const maxThreads = overrides.threads ?? scenario.threads ?? 1
  const defaultKind = defaultPhaseKind(scenario, overrides)
  const defaults = {
    iterations: overrides.iterations ?? scenario.iterations ?? 1,
    durationMs: parseDuration(overrides.duration ?? scenario.duration ?? 0) ?? 0,
  }
  const phases = (scenario.phases ?? DEFAULT_PHASES).map((phase) =>
    planPhase(phase, phaseKind(phase, defaultKind) as PhaseKind, maxThreads, defaults))
  return { maxThreads, phases }
}

function planPhase(
  phase: Phase,
  kind: PhaseKind,
  maxThreads: number,
  defaults: { iterations: number; durationMs: number },
): PlannedPhase {
  const shareThreads = threadsForShare(phase.threads ?? 1, maxThreads)
  const own = phase as unknown as Partial<Record<string, unknown>>
  const threads = kind === 'rate' ? (own.maxThreads as number | undefined) ?? shareThreads : shareThreads
  return {
    name: phase.name,
    kind,
    threads,
    iterations: (own.iterations as number | undefined) ?? defaults.iterations,
    durationMs: own.duration !== undefined ? parseDuration(own.duration) ?? 0 : defaults.durationMs,
    rate: (own.rate as number | undefined) ?? 0,
    preAllocatedThreads: Math.min(threads, (own.preAllocatedThreads as number | undefined) ?? 1),
    startNext: phase.startNext ?? 1,
  }
}
