/**
 * Iterations per thread (closed model, the original client; k6's per-vu-iterations): each
 * thread runs `iterations` iterations back to back. `startNext` counts finished threads: 0.5
 * lets the next phase start once half of them are done, as the later course client did.
 */
import type { PhaseCommon } from '../scenario.ts'
import { VirtualThread } from '../virtual-thread.ts'
import { deferred, shareOf, type ExecutorModule } from './executor.ts'
import { cutAfter } from './k6-graceful-stop.ts'
import { checkIterationCount, ITERATION_COUNT_FIELDS, planIterationCount, type IterationCountConfig } from './iteration-count.ts'
import { loopIterations } from './thread-loop.ts'

/** Our name first, then k6's: what a phase's `kind` (a scenario's `executor`) may say. */
const KINDS = ['iterations', 'per-vu-iterations'] as const

/** Closed model, the original client: each thread runs a fixed number of iterations. */
export interface IterationsPhase extends PhaseCommon {
  kind?: (typeof KINDS)[number]
  /** Per thread; defaults to the scenario's `iterations`. */
  iterations?: number
}

declare module '../scenario.ts' {
  interface PhaseTypes {
    iterations: IterationsPhase
  }
}

export const iterations: ExecutorModule<IterationCountConfig> = {
  name: KINDS[0],
  aliases: KINDS.slice(1),
  summary: 'each thread runs a fixed number of iterations',
  model: 'closed',
  threadsFrom: 'threads',
  fields: ITERATION_COUNT_FIELDS,
  inferredBy: 'iterations',
  validate(_raw, check) {
    checkIterationCount(check)
  },
  plan: planIterationCount,
  run(phase, run) {
    const next = deferred()
    const threads = shareOf(phase.threads, phase.part)
    run.metrics.phaseThreads(phase.name, threads)
    const threadsBeforeNext = Math.max(1, Math.ceil(phase.startNext * threads - 1e-9))
    let finished = 0
    // k6's maxDuration (default 10m): no iteration starts after it; gracefulStop later, the rest is cut.
    let timeUp = false
    const timer = setTimeout(() => (timeUp = true), phase.config.maxDurationMs)
    const loops: Promise<void>[] = []
    const all: VirtualThread[] = []
    for (let i = 0; i < threads; i++) {
      const thread = new VirtualThread(run, phase)
      all.push(thread)
      loops.push(loopIterations(thread, run, (done) => done < phase.config.iterations && !timeUp).then(() => {
        if (++finished >= threadsBeforeNext) next.resolve()
      }))
    }
    const cancelCut = cutAfter(phase.config.maxDurationMs + phase.config.gracefulStopMs, () => all)
    const done = Promise.all(loops).then(() => {
      clearTimeout(timer)
      cancelCut()
      next.resolve()
    })
    return { startNext: next.promise, done }
  },
}
