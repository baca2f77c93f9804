/**
 * Shared iterations (closed model; k6's shared-iterations): `iterations` in total, shared by
 * the phase's threads: whichever thread is free takes the next, so fast threads do more.
 * `maxDuration` (default 10m, as k6) ends the phase even if iterations are left.
 */
import type { Duration, PhaseCommon } from '../scenario.ts'
import { runThreadLoops } from './closed-model.ts'
import { shareOf, threadedPart, type ExecutorModule } from './executor.ts'
import { checkIterationCount, ITERATION_COUNT_FIELDS, planIterationCount, type IterationCountConfig } from './iteration-count.ts'

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
    return runThreadLoops(phase, run, (_threads, next) => {
      let taken = 0
      let timeUp = false
      const timer = setTimeout(() => (timeUp = true), phase.config.maxDurationMs)
      // startNext counts iterations started: 0.5 lets the next phase start once half are under way.
      const beforeNext = Math.ceil(phase.startNext * phase.config.iterations - 1e-9)
      return {
        more() {
          if (timeUp || taken >= phase.config.iterations) return false
          if (++taken >= beforeNext) next.resolve()
          return true
        },
        cutAfterMs: phase.config.maxDurationMs + phase.config.gracefulStopMs,
        end: () => clearTimeout(timer),
      }
    })
  },
}
