/**
 * Iterations per thread (closed model, the original client; k6's per-vu-iterations): each
 * thread runs `iterations` iterations back to back. `startNext` counts finished threads: 0.5
 * lets the next phase start once half of them are done, as the later course client did.
 */
import type { PhaseCommon } from '../scenario.ts'
import { runThreadLoops } from './closed-model.ts'
import type { ExecutorModule } from './executor.ts'
import { checkIterationCount, ITERATION_COUNT_FIELDS, planIterationCount, type IterationCountConfig } from './iteration-count.ts'

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
    return runThreadLoops(phase, run, (threads, next) => {
      const threadsBeforeNext = Math.max(1, Math.ceil(phase.startNext * threads - 1e-9))
      let finished = 0
      // k6's maxDuration (default 10m): no iteration starts after it; gracefulStop later, the rest is cut.
      let timeUp = false
      const timer = setTimeout(() => (timeUp = true), phase.config.maxDurationMs)
      return {
        more: (done) => done < phase.config.iterations && !timeUp,
        cutAfterMs: phase.config.maxDurationMs + phase.config.gracefulStopMs,
        threadDone() {
          if (++finished >= threadsBeforeNext) next.resolve()
        },
        end: () => clearTimeout(timer),
      }
    })
  },
}
