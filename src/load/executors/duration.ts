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
  // A timer ends the phase, rather than every thread reading the clock every iteration.
  const clock = { over: phase.durationMs <= 0 }
  const endsAt = performance.now() + phase.durationMs
  let timer = setTimeout(function end() {
    // libuv arms timers from its cached loop time, so one may fire a little early.
    const left = endsAt - performance.now()
    if (left > 0) timer = setTimeout(end, Math.ceil(left))
    else clock.over = true
  }, phase.durationMs)
  const cancelNext = timeShare(next, phase.startNext, phase.durationMs)
  const threads: Promise<void>[] = []
  for (let i = 0; i < phase.threads; i++) threads.push(runThread(new VirtualThread(run, phase.name), clock, run))
  const done = Promise.all(threads).then(() => {
    clearTimeout(timer)
    cancelNext()
    next.resolve()
  })
  return { startNext: next.promise, done }
}

async function runThread(thread: VirtualThread, clock: { over: boolean }, run: ThreadRun): Promise<void> {
  try {
    for (let i = 0; !run.control.stopped && !clock.over; i++) {
      // The iteration awaited here rather than through thread.iterate(): one promise and one
      // microtask fewer per iteration on the hottest loop of the engine.
      try {
        await run.scenario.iteration(thread.http, thread.ctx)
        thread.succeeded()
      } catch (error) {
        thread.failed(error)
      }
      if (shouldYield(i)) await yieldToLoop()
    }
  } finally {
    await thread.close()
  }
}
