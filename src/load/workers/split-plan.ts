/**
 * Splits a phase plan over worker threads: each phase's threads (and a rate phase's rate) are
 * shared out as evenly as whole threads allow, so the workers together run the plan. A worker
 * may get no thread in a small phase; it still takes part in the phase's start and end.
 */
import type { PhasePlan, PlannedPhase } from '../phase-plan.ts'

export function splitPlan(plan: PhasePlan, workers: number): PhasePlan[] {
  return Array.from({ length: workers }, (_, index) => ({
    maxThreads: shareOf(plan.maxThreads, workers, index),
    phases: plan.phases.map((phase) => splitPhase(phase, workers, index)),
  }))
}

/** Worker `index`'s part of `total`: the first `total % workers` workers get one more. */
export function shareOf(total: number, workers: number, index: number): number {
  return Math.floor(total / workers) + (index < total % workers ? 1 : 0)
}

function splitPhase(phase: PlannedPhase, workers: number, index: number): PlannedPhase {
  const threads = shareOf(phase.threads, workers, index)
  const fraction = phase.threads > 0 ? threads / phase.threads : 0
  return {
    ...phase,
    threads,
    rate: phase.rate * fraction,
    preAllocatedThreads: Math.min(threads, Math.max(threads > 0 ? 1 : 0, Math.round(phase.preAllocatedThreads * fraction))),
  }
}

/** Thread ids interleaved over the workers (1, 1+n, 1+2n... in worker 0), unique in the run. */
export function interleavedIds(workers: number, index: number): () => number {
  let local = 0
  return () => local++ * workers + index + 1
}
