/**
 * The open model, shared by the two arrival-rate executors: iterations start on a schedule
 * (`at(n)`: when arrival n is due, ms from the phase's start) whatever the responses do, so a
 * slow server cannot slow the load down and hide its queue.
 *
 * An arrival runs on an idle thread; without one a thread is added, up to the part's most
 * threads. Past that it waits in a bounded queue for the next free thread, and its latency
 * still counts from its scheduled start (wrk2's rule: a stalled server shows as latency, however
 * many threads there are). Only beyond the queue's bound is an arrival dropped, counted, and
 * announced once ("insufficient threads"). Each tick starts at most MAX_PER_TICK iterations and
 * then lets the event loop run, so a rate of 1e9/s cannot freeze the runner or Ctrl-C. The
 * schedule ends with its duration: `gracefulStop` (k6's, default 30 s) later, what still waits
 * is dropped and what still runs is cut.
 *
 * Arrival n belongs to part n % count, over the parts that have a thread: the parts' arrivals
 * interleave and add up exactly.
 */
import type { Part, PlannedPhase } from './executor.ts'
import { deferred, shareOf, threadedPart, timeShare, type PhaseExecution } from './executor.ts'
import { VirtualThread, type ThreadRun } from '../virtual-thread.ts'
import { gracefulStopMs } from './k6-graceful-stop.ts'

export interface ArrivalSchedule {
  /** Arrivals of the whole phase (all parts). */
  total: number
  /** When arrival n (0-based, of the whole phase) is due, in ms from the phase's start. */
  at(n: number): number
  /** The schedule's length, for startNext. */
  durationMs: number
}

/** Plain numbers every open-model executor's config carries. */
export interface OpenModelConfig {
  maxThreads: number
  preAllocatedThreads: number
  /** Arrivals that may wait for a thread (per whole phase): `maxQueued`; 0 drops at once, as k6 does. */
  queueLimit: number
  /** After the schedule's end, how long iterations may still wait and run. */
  gracefulStopMs: number
}

export const MAX_PER_TICK = 2_000
/** Most arrivals one phase may schedule: beyond 2^53 indices stop being exact; far before that a run is absurd. */
export const MAX_ARRIVALS = 1e12
export const MAX_QUEUED = 1_000_000

/** One second of arrivals at the peak rate, at least 100 and at most 100,000. */
function defaultQueueLimit(peakPerSecond: number): number {
  return Math.min(100_000, Math.max(100, Math.ceil(peakPerSecond)))
}

/** Without maxThreads: the scenario's share when it chose threads, else one second's arrivals (100..10,000). */
function defaultMaxThreads(shareThreads: number, threadsGiven: boolean, peakPerSecond: number): number {
  return threadsGiven ? shareThreads : Math.min(10_000, Math.max(100, Math.ceil(peakPerSecond)))
}

/** The open-model part of a plan from the phase's fields, sized for its peak rate (per second). */
export function planOpenModel(raw: Record<string, unknown>, threadsGiven: boolean, peakPerSecond: number): OpenModelConfig {
  const maxThreads = (raw.maxThreads as number | undefined) ?? defaultMaxThreads(raw.threads as number, threadsGiven, peakPerSecond)
  return {
    maxThreads,
    preAllocatedThreads: Math.min(maxThreads, (raw.preAllocatedThreads as number | undefined) ?? 1),
    queueLimit: (raw.maxQueued as number | undefined) ?? defaultQueueLimit(peakPerSecond),
    gracefulStopMs: gracefulStopMs(raw),
  }
}

export function runArrivals(phase: PlannedPhase<OpenModelConfig>, run: ThreadRun, schedule: ArrivalSchedule): PhaseExecution {
  return new ArrivalLoop(phase, run, schedule).start()
}

/** A ring of scheduled start times (performance.now() ms) waiting for a thread; it grows as needed, up to `limit`. */
class WaitQueue {
  private slots = new Float64Array(16)
  private head = 0
  length = 0

  constructor(readonly limit: number) {}

  push(dueMs: number): void {
    if (this.length === this.slots.length) this.grow()
    this.slots[(this.head + this.length++) % this.slots.length] = dueMs
  }

  private grow(): void {
    const bigger = new Float64Array(this.slots.length * 2)
    for (let i = 0; i < this.length; i++) bigger[i] = this.slots[(this.head + i) % this.slots.length]!
    this.slots = bigger
    this.head = 0
  }

  /** Empties the queue; returns how many waited. */
  clear(): number {
    const waited = this.length
    this.length = 0
    this.head = 0
    return waited
  }

  shift(): number {
    const value = this.slots[this.head]!
    this.head = (this.head + 1) % this.slots.length
    this.length--
    return value
  }
}

class ArrivalLoop {
  private readonly idle: VirtualThread[] = []
  private readonly threads: VirtualThread[] = []
  private readonly maxThreads: number
  private readonly localTotal: number
  private readonly queue: WaitQueue
  /** Local arrivals handled so far (started, queued or dropped). */
  private k = 0
  private running = 0
  private startMs = 0
  private timer: NodeJS.Timeout | undefined
  private immediate: NodeJS.Immediate | undefined
  private readonly finished = deferred()
  private unsubscribe = () => {}
  /** This part among the phase's parts that have a thread (arrivals are dealt out over those alone); undefined without one. */
  private readonly part: Part | undefined
  private stopTimer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(private readonly phase: PlannedPhase<OpenModelConfig>, private readonly run: ThreadRun, private readonly schedule: ArrivalSchedule) {
    const part = (this.part = threadedPart(phase.part, phase.config.maxThreads))
    this.maxThreads = part ? shareOf(phase.config.maxThreads, part) : 0
    this.localTotal = part ? shareOf(schedule.total, part) : 0
    this.queue = new WaitQueue(part ? shareOf(phase.config.queueLimit, part) : 0)
  }

  start(): PhaseExecution {
    const next = deferred()
    const preAllocated = this.part ? Math.min(this.maxThreads, shareOf(this.phase.config.preAllocatedThreads, this.part)) : 0
    for (let i = 0; i < preAllocated; i++) this.idle.push(this.addThread())
    this.startMs = performance.now()
    const cancelNext = timeShare(next, this.phase.startNext, this.schedule.durationMs)
    this.unsubscribe = this.run.control.onStop(() => this.settleIfIdle())
    this.stopTimer = setTimeout(() => this.stopAfterGrace(), this.schedule.durationMs + this.phase.config.gracefulStopMs)
    this.tick()
    const done = this.finished.promise.then(async () => {
      this.unsubscribe()
      clearTimeout(this.stopTimer)
      cancelNext()
      next.resolve()
      this.run.metrics.phaseThreads(this.phase.name, this.threads.length)
      await Promise.all(this.threads.map((thread) => thread.close()))
    })
    return { startNext: next.promise, done }
  }

  private dueOf(k: number): number {
    const part = this.part! // only a part with a thread has arrivals
    return this.schedule.at(part.index + k * part.count)
  }

  /** gracefulStop after the schedule's end: what still waits is dropped, what still runs is cut. */
  private stopAfterGrace(): void {
    this.stopped = true
    const never = this.queue.clear() + (this.localTotal - this.k)
    this.k = this.localTotal
    if (never > 0) this.drop(never)
    for (const thread of this.threads) void thread.http.abandon()
    this.settleIfIdle()
  }

  private drop(count: number): void {
    const { name, scenario, tags } = this.phase
    this.run.metrics.dropped(name, count, { phase: name, scenario, groupPath: '', scenarioTags: Object.keys(tags).length ? tags : undefined })
  }

  /** Starts (or queues, or drops) every arrival whose time has come, then sleeps until the next. */
  private readonly tick = (): void => {
    this.timer = undefined
    this.immediate = undefined
    const now = performance.now() - this.startMs
    let started = 0
    while (this.k < this.localTotal && !this.run.control.stopped && !this.stopped) {
      const due = this.dueOf(this.k)
      if (due > now) break
      if (started >= MAX_PER_TICK) {
        this.run.notice(`cap:${this.phase.name}`, `${this.phase.name}: the runner starts at most ${MAX_PER_TICK} iterations per event-loop turn; the rest start on the next turns, late (their latency counts from their scheduled start)`)
        this.immediate = setImmediate(this.tick)
        return
      }
      const thread = this.idle.pop() ?? (this.threads.length < this.maxThreads ? this.addThread() : undefined)
      if (thread) {
        this.k++
        started++
        this.launch(thread, this.startMs + due)
      } else if (this.queue.length < this.queue.limit) {
        this.k++
        this.queue.push(this.startMs + due)
        if (this.queue.length === 1) {
          this.run.notice(`waiting:${this.phase.name}`, `${this.phase.name}: all ${this.maxThreads} threads are busy: arrivals wait for one (their latency counts from their scheduled start); raise maxThreads if that is not the server's doing`)
        }
      } else {
        this.dropDue(now)
      }
    }
    if (this.k < this.localTotal && !this.run.control.stopped && !this.stopped) {
      this.timer = setTimeout(this.tick, Math.max(0, this.dueOf(this.k) - (performance.now() - this.startMs)))
    } else {
      this.settleIfIdle()
    }
  }

  /** No thread and a full queue: every arrival due by `now` is dropped at once (a binary search, not a loop). */
  private dropDue(now: number): void {
    let low = this.k
    let high = this.localTotal - 1
    while (low < high) {
      const mid = Math.ceil((low + high) / 2)
      if (this.dueOf(mid) <= now) low = mid
      else high = mid - 1
    }
    const dropped = low - this.k + 1
    this.k = low + 1
    this.drop(dropped)
    this.run.notice(`dropped:${this.phase.name}`,
      `${this.phase.name}: insufficient threads: all ${this.maxThreads} are busy and ${this.queue.limit} arrivals wait; ` +
      'further arrivals are dropped (counted in the report): raise maxThreads')
  }

  private launch(thread: VirtualThread, dueMs: number): void {
    this.running++
    thread.http.latencyFromMs = dueMs
    thread.iterate().then(() => this.iterationDone(thread))
  }

  private iterationDone(thread: VirtualThread): void {
    this.running--
    if (this.queue.length > 0 && !this.run.control.stopped && !this.stopped) return this.launch(thread, this.queue.shift())
    this.idle.push(thread)
    this.settleIfIdle()
  }

  private settleIfIdle(): void {
    const stopped = this.run.control.stopped || this.stopped
    const scheduleOver = this.k >= this.localTotal || stopped
    if (scheduleOver && this.running === 0 && (this.queue.length === 0 || stopped)) {
      if (this.timer) clearTimeout(this.timer)
      if (this.immediate) clearImmediate(this.immediate)
      this.timer = undefined
      this.immediate = undefined
      this.finished.resolve()
    }
  }

  private addThread(): VirtualThread {
    const thread = new VirtualThread(this.run, this.phase)
    thread.http.openModel = true
    this.threads.push(thread)
    return thread
  }
}
