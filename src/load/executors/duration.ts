/**
 * Duration phase (closed model): every thread loops iterations until the time is up, then
 * finishes the iteration it is in. `startNext` counts time: 0.5 of a 30 s phase starts the
 * next phase after 15 s.
 */
import type { PlannedPhase } from '../phase-plan.ts'
import { VirtualThread, type ThreadRun } from '../virtual-thread.ts'
import { loopIterations } from './thread-loop.ts'
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
  for (let i = 0; i < phase.threads; i++) threads.push(loopIterations(new VirtualThread(run, phase.name), run, () => !clock.over))
  const done = Promise.all(threads).then(() => {
    clearTimeout(timer)
    cancelNext()
    next.resolve()
  })
  return { startNext: next.promise, done }
}
