/**
 * Iterations phase (closed model, the original client): each thread runs `iterations`
 * iterations back to back. `startNext` counts finished threads: 0.5 lets the next phase start
 * once half of them are done, as the later course client did.
 */
import type { PlannedPhase } from '../phase-plan.ts'
import { VirtualThread, type ThreadRun } from '../virtual-thread.ts'
import { loopIterations } from './thread-loop.ts'
import { deferred, type PhaseExecution } from './executor.ts'

export function runPerThreadIterations(phase: PlannedPhase, run: ThreadRun): PhaseExecution {
  const next = deferred()
  const threadsBeforeNext = Math.max(1, Math.ceil(phase.startNext * phase.threads - 1e-9))
  let finished = 0
  const threads: Promise<void>[] = []
  for (let i = 0; i < phase.threads; i++) {
    threads.push(loopIterations(new VirtualThread(run, phase.name), run, (done) => done < phase.iterations).then(() => {
      if (++finished >= threadsBeforeNext) next.resolve()
    }))
  }
  const done = Promise.all(threads).then(next.resolve)
  return { startNext: next.promise, done }
}
