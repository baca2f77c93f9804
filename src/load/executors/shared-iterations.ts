/**
 * Shared iterations (closed model; k6's shared-iterations): `iterations` in total, shared by
 * the phase's threads: whichever thread is free takes the next, so fast threads do more.
 * `maxDuration` (default 10m, as k6) ends the phase even if iterations are left.
 */
import type { Duration, PhaseCommon } from '../scenario.ts'
import { VirtualThread } from '../virtual-thread.ts'
import { deferred, shareOf, threadedPart, type ExecutorModule } from './executor.ts'
import { cutAfter } from './k6-graceful-stop.ts'
import { checkIterationCount, ITERATION_COUNT_FIELDS, planIterationCount, type IterationCountConfig } from './iteration-count.ts'
import { loopIterations } from './thread-loop.ts'

/** Our name first, then k6's: what a phase's `kind` (a scenario's `executor`) may say. */
const KINDS = ['shared-iterations'] as const

/** Closed model: `iterations` in total, shared by the threads (who is free takes the next). */
export interface SharedIterationsPhase extends PhaseCommon {
  kind: (typeof KINDS)[number]
  iterations?: number
  maxDuration?: Duration
}

declare module '../scenario.ts' {
  interface PhaseTypes {
    'shared-iterations': SharedIterationsPhase
  }
}

export const sharedIterations: ExecutorModule<IterationCountConfig> = {
  name: KINDS[0],
  aliases: KINDS.slice(1),
  summary: 'the threads share a total number of iterations',
  model: 'closed',
  threadsFrom: 'threads',
  fields: ITERATION_COUNT_FIELDS,
  validate(_raw, check) {
    checkIterationCount(check)
  },
  plan: planIterationCount,
  split(phase, part) {
    // Only parts with a thread get iterations: they are dealt out over those parts alone.
    const threaded = threadedPart(part, phase.threads)
    const iterations = threaded ? shareOf(phase.config.iterations, threaded) : 0
    return { ...phase, part, config: { ...phase.config, iterations } }
  },
  run(phase, run) {
    const next = deferred()
    const threads = shareOf(phase.threads, phase.part)
    run.metrics.phaseThreads(phase.name, threads)
    let taken = 0
    let timeUp = false
    const timer = setTimeout(() => (timeUp = true), phase.config.maxDurationMs)
    // startNext counts iterations started: 0.5 lets the next phase start once half are under way.
    const beforeNext = Math.ceil(phase.startNext * phase.config.iterations - 1e-9)
    const take = (): boolean => {
      if (timeUp || taken >= phase.config.iterations) return false
      if (++taken >= beforeNext) next.resolve()
      return true
    }
    const loops: Promise<void>[] = []
    const all: VirtualThread[] = []
    for (let i = 0; i < threads; i++) {
      const thread = new VirtualThread(run, phase)
      all.push(thread)
      loops.push(loopIterations(thread, run, take))
    }
    const cancelCut = cutAfter(phase.config.maxDurationMs + phase.config.gracefulStopMs, () => all)
    const done = Promise.all(loops).then(() => {
      cancelCut()
      clearTimeout(timer)
      next.resolve()
    })
    return { startNext: next.promise, done }
  },
}
