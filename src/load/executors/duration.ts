/**
 * Duration phase (closed model): every thread loops iterations until the time is up, then
 * finishes the iteration it is in. `startNext` counts time: 0.5 of a 30 s phase starts the
 * next phase after 15 s.
 */
import type { PlannedPhase } from '../phase-plan.ts'
import { VirtualThread, type ThreadRun } from '../virtual-thread.ts'
import { shouldYield, yieldToLoop } from './yield-to-loop.ts'
import { deferred, timeShare, type PhaseExecution } from './executor.ts'

export function runForDuration(phase: PlannedPhase, run: ThreadRun): PhaseExecution {
  const next = deferred()
  const endsAt = performance.now() + phase.durationMs
  const cancelNext = timeShare(next, phase.startNext, phase.durationMs)
  const threads: Promise<void>[] = []
  for (let i = 0; i < phase.threads; i++) threads.push(runThread(new VirtualThread(run, phase.name), endsAt, run))
  const done = Promise.all(threads).then(() => {
    cancelNext()
    next.resolve()
  })
  return { startNext: next.promise, done }
}

async function runThread(thread: VirtualThread, endsAt: number, run: ThreadRun): Promise<void> {
  try {
    for (let i = 0; !run.control.stopped && performance.now() < endsAt; i++) {
      await thread.iterate()
      if (shouldYield(i)) await yieldToLoop()
    }
  } finally {
    await thread.close()
  }
}
