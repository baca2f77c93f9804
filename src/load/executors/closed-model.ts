/**
 * The closed model's phase (ARCHITECTURE.md, "Executors"), shared by the executors whose threads
 * loop iterations (duration, iterations, shared-iterations): this part's threads start at once,
 * each loops while the executor's `more` says so, what is still running at `cutAfterMs` is cut
 * (k6's gracefulStop), and `startNext` resolves when the executor says, at the latest when every
 * thread is done. The executor supplies only its rule (`more`) and its clock.
 */
import { VirtualThread, type ThreadRun } from '../virtual-thread.ts'
import { deferred, shareOf, type Deferred, type PhaseExecution, type PlannedPhase } from './executor.ts'
import { cutAfter } from './k6-graceful-stop.ts'
import { loopIterations } from './thread-loop.ts'

export interface ThreadLoops {
  /** Whether a thread starts another iteration (`done`: the iterations it has finished). */
  more(done: number): boolean
  /** From the phase's start: when threads still busy are cut (the phase's time plus its gracefulStop). */
  cutAfterMs: number
  /** A thread finished its loop. */
  threadDone?(): void
  /** Every thread is done: clear the executor's timers. */
  end?(): void
}

/** `loops` is made once this part's thread count is known; `next` is the phase's startNext, for the executor to resolve. */
export function runThreadLoops(phase: PlannedPhase, run: ThreadRun, loops: (threads: number, next: Deferred) => ThreadLoops): PhaseExecution {
  const next = deferred()
  const threads = shareOf(phase.threads, phase.part)
  run.metrics.phaseThreads(phase.name, threads)
  const rule = loops(threads, next)
  const running: Promise<void>[] = []
  const all: VirtualThread[] = []
  for (let i = 0; i < threads; i++) {
    const thread = new VirtualThread(run, phase)
    all.push(thread)
    const loop = loopIterations(thread, run, rule.more)
    running.push(rule.threadDone ? loop.then(rule.threadDone) : loop)
  }
  const cancelCut = cutAfter(rule.cutAfterMs, () => all)
  const done = Promise.all(running).then(() => {
    cancelCut()
    rule.end?.()
    next.resolve()
  })
  return { startNext: next.promise, done }
}
