/**
 * Rate phase (open model): iterations start on a fixed schedule, `rate` per second for the
 * phase's duration, whatever the responses do, so a slow server cannot slow the load down and
 * hide its queue. An iteration runs on an idle thread; without one a thread is added, up to
 * the phase's most threads (`maxThreads`); past that the iteration is dropped and counted.
 * The first request of each iteration counts its latency from the scheduled start.
 */
import type { PlannedPhase } from '../phase-plan.ts'
import { VirtualThread, type ThreadRun } from '../virtual-thread.ts'
import { deferred, timeShare, type PhaseExecution } from './executor.ts'

export function runArrivalRate(phase: PlannedPhase, run: ThreadRun): PhaseExecution {
  return new ArrivalSchedule(phase, run).start()
}

class ArrivalSchedule {
  private readonly intervalMs: number
  private readonly scheduled: number
  private readonly idle: VirtualThread[] = []
  private readonly threads: VirtualThread[] = []
  private started = 0
  private running = 0
  private startMs = 0
  private timer: NodeJS.Timeout | undefined
  private readonly next = deferred()
  private readonly finished = deferred()
  private cancelNext = () => {}
  private unsubscribe = () => {}

  constructor(private readonly phase: PlannedPhase, private readonly run: ThreadRun) {
    this.intervalMs = 1000 / phase.rate
    this.scheduled = Math.floor((phase.rate * phase.durationMs) / 1000)
  }

  start(): { startNext: Promise<void>; done: Promise<void> } {
    for (let i = 0; i < this.phase.preAllocatedThreads; i++) this.idle.push(this.addThread())
    this.startMs = performance.now()
    this.cancelNext = timeShare(this.next, this.phase.startNext, this.phase.durationMs)
    this.unsubscribe = this.run.control.onStop(() => this.settleIfIdle())
    this.tick()
    const done = this.finished.promise.then(() => this.closeAll())
    return { startNext: this.next.promise, done }
  }

  /** Starts every iteration whose time has come, then sleeps until the next one is due. */
  private readonly tick = (): void => {
    this.timer = undefined
    const now = performance.now()
    while (this.started < this.scheduled && !this.run.control.stopped) {
      const dueMs = this.startMs + this.started * this.intervalMs
      if (dueMs > now) break
      this.started++
      this.launch(dueMs)
    }
    if (this.started < this.scheduled && !this.run.control.stopped) {
      const dueMs = this.startMs + this.started * this.intervalMs
      this.timer = setTimeout(this.tick, Math.max(0, dueMs - performance.now()))
    } else {
      this.settleIfIdle()
    }
  }

  private launch(dueMs: number): void {
    const thread = this.idle.pop() ?? (this.threads.length < this.phase.threads ? this.addThread() : undefined)
    if (!thread) {
      this.run.metrics.dropped(this.phase.name)
      return
    }
    this.running++
    thread.http.latencyFromMs = dueMs
    thread.iterate().then(() => this.iterationDone(thread))
  }

  private iterationDone(thread: VirtualThread): void {
    this.running--
    this.idle.push(thread)
    this.settleIfIdle()
  }

  private settleIfIdle(): void {
    const scheduleOver = this.started >= this.scheduled || this.run.control.stopped
    if (scheduleOver && this.running === 0) {
      if (this.timer) clearTimeout(this.timer)
      this.timer = undefined
      this.finished.resolve()
    }
  }

  private addThread(): VirtualThread {
    const thread = new VirtualThread(this.run, this.phase.name)
    this.threads.push(thread)
    this.run.metrics.phaseStart(this.phase.name, this.threads.length, this.run.control.now())
    return thread
  }

  private async closeAll(): Promise<void> {
    this.unsubscribe()
    this.cancelNext()
    this.next.resolve()
    await Promise.all(this.threads.map((thread) => thread.close()))
  }
}
