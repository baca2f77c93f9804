/**
 * A phase as planned (ARCHITECTURE.md, "Plan"): plain, structured-cloneable data that the
 * planner makes, worker threads receive and executors run. No executor code here, so threads,
 * checks and the planner read these types without loading an executor.
 */

export type Raw = Record<string, unknown>

/** This process's share of a phase: part `index` of `count` (0 of 1 is the whole). */
export interface Part {
  index: number
  count: number
  /**
   * The part this one is a part of: a worker thread's part of a `--segment` (ARCHITECTURE.md,
   * "Distributed"). Undefined: a part of the whole phase.
   */
  within?: Part
}

export const WHOLE: Part = { index: 0, count: 1 }

/** What the planner hands every executor's `plan`, besides the phase's own fields. */
export interface PlanDefaults {
  /** Per-thread iterations for a phase that sets none (the scenario's, or --iterations). */
  iterations: number
  /** For a phase that sets no duration (the scenario's, or --duration); 0 when none. */
  durationMs: number
  /** True when the scenario or --threads chose the thread count (else rate phases pick their own). */
  threadsGiven: boolean
}

/** A phase (or one of several parallel scenarios) resolved to plain, structured-cloneable data. */
export interface PlannedPhase<C = any> {
  name: string
  /** 'default' for the `phases` form; the scenario's name with `scenarios`. */
  scenario: string
  /** The executor's name in the registry (ours; k6's names are aliases). */
  executor: string
  /** Its model (the registry's word, carried so the summary need not load executors). */
  model: 'closed' | 'open'
  /** The most threads the phase may run at once, over all parts. */
  threads: number
  /** Phases form: the share done before the next phase starts. */
  startNext: number
  /** Scenarios form: start this long after the run's start, in parallel with the others. */
  startTimeMs?: number
  /** Scenarios form: the name of the module's export to run (undefined: the scenario's `iteration`). */
  exec?: string
  tags: Record<string, string>
  part: Part
  config: C
}
