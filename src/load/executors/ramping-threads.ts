/**
 * Ramping threads (closed model; k6's ramping-vus): the number of threads follows `stages`
 * linearly from `startThreads`. A thread ramped down finishes the iteration it is in; one
 * still busy after `gracefulRampDown` (default 30s) has its connection cut. Thread j of the
 * phase belongs to part j % count, so parts follow the whole ramp together and add up exactly.
 */
import type { Duration, PhaseCommon, Stage } from '../scenario.ts'
import { parseDuration } from '../parse-duration.ts'
import type { ThreadRun } from '../virtual-thread.ts'
import { VirtualThread } from '../virtual-thread.ts'
import { deferred, shareOf, timeShare, type ExecutorModule, type PlannedPhase } from './executor.ts'
import { checkGracefulStop, gracefulStopMs } from './k6-graceful-stop.ts'
import { checkStages, peakOf, planStages, stagesMs, valueAt, type PlannedStage } from './stages.ts'
import { shouldYield, yieldToLoop } from './yield-to-loop.ts'

/** Our name first, then k6's: what a phase's `kind` (a scenario's `executor`) may say. */
const KINDS = ['ramping-threads', 'ramping-vus'] as const

/** Closed model: the thread count follows `stages` linearly (k6's ramping-vus). */
export interface RampingThreadsPhase extends PhaseCommon {
  kind?: (typeof KINDS)[number]
  startThreads?: number
  /** k6's name for startThreads. */
  startVUs?: number
  stages: Stage[]
  /** How long a thread ramped down may finish its iteration before it is cut. Default 30s. */
  gracefulRampDown?: Duration
}

declare module '../scenario.ts' {
  interface PhaseTypes {
    'ramping-threads': RampingThreadsPhase
  }
}

interface Config {
  startThreads: number
  stages: PlannedStage[]
  gracefulRampDownMs: number
  gracefulStopMs: number
}

/** How often the thread count is brought to the ramp's value. */
const TICK_MS = 50
const DEFAULT_GRACEFUL_MS = 30_000

export const rampingThreads: ExecutorModule<Config> = {
  name: KINDS[0],
  aliases: KINDS.slice(1),
  summary: 'the number of threads follows stages linearly',
  model: 'closed',
  threadsFrom: 'stages',
  fields: ['startThreads', 'stages', 'gracefulRampDown', 'gracefulStop'],
  inferredBy: 'stages',
  validate(_raw, check) {
    check.count('startThreads', 0)
    checkStages(check, 'a whole number of threads')
    for (const [i, stage] of ((Array.isArray(check.raw.stages) ? check.raw.stages : []) as { target?: unknown }[]).entries()) {
      if (typeof stage?.target === 'number' && !Number.isInteger(stage.target)) check.problem(`stages[${i}]: target is a number of threads, a whole number, got ${stage.target}`)
    }
    check.duration('gracefulRampDown')
    checkGracefulStop(check)
  },
  plan(raw) {
    const stages = planStages(raw.stages)
    const startThreads = (raw.startThreads as number | undefined) ?? 0
    return {
      threads: peakOf(startThreads, stages),
      config: { startThreads, stages, gracefulRampDownMs: parseDuration(raw.gracefulRampDown) ?? DEFAULT_GRACEFUL_MS, gracefulStopMs: gracefulStopMs(raw) },
    }
  },
  run(phase, run) {
    return new Ramp(phase, run).start()
  },
}

/** One thread position of the ramp: its thread (made on first use) and whether it should run. */
interface Slot {
  thread: VirtualThread | undefined
  wanted: boolean
  running: Promise<void> | undefined
  cut: NodeJS.Timeout | undefined
}

class Ramp {
  private readonly slots: Slot[] = []
  private readonly totalMs: number
  private startMs = 0
  private timer: NodeJS.Timeout | undefined
  private active = 0
  private peak = 0
  private readonly finished = deferred()

  constructor(private readonly phase: PlannedPhase<Config>, private readonly run: ThreadRun) {
    this.totalMs = stagesMs(phase.config.stages)
  }

  start() {
    const next = deferred()
    const cancelNext = timeShare(next, this.phase.startNext, this.totalMs)
    this.startMs = performance.now()
    this.update()
    this.timer = setInterval(() => this.update(), TICK_MS)
    const unsubscribe = this.run.control.onStop(() => this.end())
    const done = this.finished.promise.then(async () => {
      unsubscribe()
      cancelNext()
      next.resolve()
      this.run.metrics.phaseThreads(this.phase.name, this.peak)
      await Promise.all(this.slots.map((slot) => slot.thread?.close()))
    })
    return { startNext: next.promise, done }
  }

  /** This part's share of the whole ramp's threads at time `t`: positions j < total with j % count == index. */
  private localTarget(t: number): number {
    const { startThreads, stages } = this.phase.config
    return shareOf(Math.round(valueAt(startThreads, stages, t)), this.phase.part)
  }

  private update(): void {
    const t = performance.now() - this.startMs
    if (t >= this.totalMs || this.run.control.stopped) return this.end()
    const target = this.localTarget(t)
    while (this.slots.length < target) this.slots.push({ thread: undefined, wanted: false, running: undefined, cut: undefined })
    this.slots.forEach((slot, j) => (j < target ? this.want(slot) : this.release(slot)))
  }

  private want(slot: Slot): void {
    if (slot.cut) clearTimeout(slot.cut)
    slot.cut = undefined
    slot.wanted = true
    slot.running ??= this.loop(slot)
  }

  /** Ramped down: the thread ends after its iteration, or is cut after gracefulRampDown (gracefulStop at the end). */
  private release(slot: Slot, graceMs = this.phase.config.gracefulRampDownMs): void {
    if (!slot.wanted) return
    slot.wanted = false
    if (!slot.running) return
    slot.cut = setTimeout(() => {
      slot.cut = undefined
      const thread = slot.thread
      slot.thread = undefined // a cut connection cannot be reused: the slot gets a new thread next time
      if (!thread) return
      void thread.http.abandon().then(() => slot.running).then(() => thread.close())
    }, graceMs)
  }

  private async loop(slot: Slot): Promise<void> {
    const thread = (slot.thread ??= new VirtualThread(this.run, this.phase))
    thread.setActive(true)
    this.peak = Math.max(this.peak, ++this.active)
    let i = 0
    while (slot.wanted && !this.run.control.stopped && slot.thread === thread) {
      await thread.iterate()
      if (shouldYield(i++)) await yieldToLoop()
    }
    thread.setActive(false)
    this.active--
    slot.running = undefined
    // Cut, then wanted again before this loop noticed: go on with a new thread.
    if (slot.wanted && !this.run.control.stopped) slot.running = this.loop(slot)
    this.settleIfOver()
  }

  private over = false

  private end(): void {
    if (this.over) return
    this.over = true
    clearInterval(this.timer)
    for (const slot of this.slots) this.release(slot, this.phase.config.gracefulStopMs)
    this.settleIfOver()
  }

  private settleIfOver(): void {
    if (!this.over || this.slots.some((slot) => slot.running)) return
    for (const slot of this.slots) if (slot.cut) clearTimeout(slot.cut)
    this.finished.resolve()
  }
}
