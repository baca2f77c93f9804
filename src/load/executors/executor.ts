/**
 * What an executor is (ARCHITECTURE.md, "Executors"): one module under src/load/executors/
 * holding its fields, their validation, its plan (plain numbers from raw input and the
 * command line's defaults), how a part of it runs in a worker thread or on another machine
 * (`split`: parts that add up exactly), and its run. The registry lists the modules; the
 * planner, the validator, the worker split and the scheduler read only the registry.
 */
import type { ThreadRun } from '../virtual-thread.ts'
import type { FieldCheck } from './field-check.ts'
import type { Part, PlanDefaults, PlannedPhase, Raw } from './planned-phase.ts'

export type { Part, PlanDefaults, PlannedPhase, Raw } from './planned-phase.ts'
export { WHOLE } from './planned-phase.ts'

export interface PhaseExecution {
  /** Resolves once the phase's `startNext` share is done (threads or time); at the latest with `done`. */
  startNext: Promise<void>
  /** Resolves once every thread of the phase has finished and closed its connection. */
  done: Promise<void>
}

export interface ExecutorModule<C = any> {
  /** Our name, as `kind:` in a phase: 'iterations', 'ramping-threads', ... */
  readonly name: string
  /** k6's names for it, accepted as `kind:` and `executor:`. */
  readonly aliases: readonly string[]
  /** One line for messages and --help: what the executor does. */
  readonly summary: string
  /** Closed (threads loop) or open (arrivals on a schedule, which may be dropped). */
  readonly model: 'closed' | 'open'
  /** Its own fields (thread counts by our names; k6's are mapped before validation). */
  readonly fields: readonly string[]
  /** A phase without `kind` that sets this field runs this executor (checked in registry order). */
  readonly inferredBy?: string
  /**
   * Where its thread count comes from: `threads` (a phase's share, a scenario's vus), `maxThreads`
   * (open model: a phase's share is its default most; a scenario sets maxVUs) or `stages`.
   */
  readonly threadsFrom: 'threads' | 'maxThreads' | 'stages'
  /** Reports every problem with the phase's fields through `check`. */
  validate(raw: Raw, check: FieldCheck, defaults: PlanDefaults): void
  /** `raw.threads` is already absolute (a share of the max threads, resolved by the planner). */
  plan(raw: Raw, defaults: PlanDefaults): { threads: number; config: C }
  /**
   * Part `part` of the whole phase: the parts together run exactly what the whole would. Without
   * it, each part gets the whole plan and its `part`, and its run takes its own share (`shareOf`).
   */
  split?(phase: PlannedPhase<C>, part: Part): PlannedPhase<C>
  run(phase: PlannedPhase<C>, run: ThreadRun): PhaseExecution
}

export interface Deferred {
  promise: Promise<void>
  resolve(): void
}

export function deferred(): Deferred {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

/** Resolves `gate` after `share` of `ms` (or at once when stopped); returns the cancel. */
export function timeShare(gate: Deferred, share: number, ms: number): () => void {
  if (share >= 1) return () => {}
  const timer = setTimeout(gate.resolve, share * ms)
  return () => clearTimeout(timer)
}

/**
 * Part `part`'s share of `total` things dealt out in turn (thing j goes to part j % count):
 * the parts add up to `total` exactly, and the first parts get the one left over.
 */
export function shareOf(total: number, part: Part): number {
  const { index, count } = flatPart(part)
  return Math.floor(total / count) + (index < total % count ? 1 : 0)
}

/**
 * A part within a part as one part of the whole: things dealt out in turn over `within`'s parts,
 * then over this part's siblings, land exactly where they would if dealt once over the product.
 */
export function flatPart(part: Part): Part {
  if (!part.within) return part
  const outer = flatPart(part.within)
  return { index: outer.index + outer.count * part.index, count: outer.count * part.count }
}

/**
 * This part among the parts that get one of `threads` threads (all of them when there are at
 * least as many threads as parts), to deal out what only a thread can run; undefined when this
 * part gets no thread.
 */
export function threadedPart(part: Part, threads: number): Part | undefined {
  if (part.within) {
    // First among the outer parts with a thread, then among this part's siblings for the outer part's threads.
    const outer = threadedPart(part.within, threads)
    const inner = outer && threadedPart({ index: part.index, count: part.count }, shareOf(threads, part.within))
    return inner && flatPart({ ...inner, within: outer })
  }
  const count = Math.min(part.count, threads)
  return part.index < count ? { index: part.index, count } : undefined
}
