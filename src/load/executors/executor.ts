/**
 * What every executor (one file per phase kind, as k6 has) returns: a phase in motion that
 * says when the next phase may start (`startNext`) and when it is all done.
 */
import type { PlannedPhase } from '../phase-plan.ts'
import type { ThreadRun } from '../virtual-thread.ts'

export interface PhaseExecution {
  /** Resolves once the phase's `startNext` share is done (threads or time); at the latest with `done`. */
  startNext: Promise<void>
  /** Resolves once every thread of the phase has finished and closed its connection. */
  done: Promise<void>
}

export type Executor = (phase: PlannedPhase, run: ThreadRun) => PhaseExecution

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
