// Thresholds judged while the run goes (k6's abortOnFail, after delayAbortEval) and over
// sliding windows (`window: '10s'`: fails when any 10 s window breaches, which a whole-run
// percentile can hide). Every part of a run (this process, or each worker thread) hands its
// sinks' tick data once a second; a tick is judged once every part has sent it. Ticks are kept
// only as long as the longest window, so memory is bounded by time, not by requests.
import { deserializeAggregate, newAggregate, type Aggregate } from './aggregates.ts'
import type { TickData, ThresholdSinks } from './threshold-sinks.ts'
import { compare, type ParsedThreshold, type ThresholdResult } from './thresholds.ts'

interface WindowState {
  /** The worst value of any full window so far. */
  worst: number | null
  breachedAtMs?: number
  judged: boolean
}

interface PendingTick {
  parts: number
  /** Every part's tick covered the whole second. */
  full: boolean
  data: Map<string, Aggregate>
}

export class ThresholdMonitor {
  /** Ticks judged, newest last, as long as the longest window. */
  private readonly recent: Map<string, Aggregate>[] = []
  private readonly longest: number
  private readonly pending = new Map<number, PendingTick>()
  /** The first tick seen starts the count (setup() may have taken a few seconds of the run's clock). */
  private nextTick = -1
  private readonly cumulative = new Map<string, Aggregate>()
  private readonly windows = new Map<ParsedThreshold, WindowState>()
  /** The threshold that stopped the run, if any. */
  abortedBy: ParsedThreshold | undefined
  /**
   * Told after each judged tick how every threshold stands so far (the live dashboard): the
   * value over the run up to that second, or a window's worst; `ok` as it would be judged now.
   */
  onJudged: ((endMs: number, standing: ThresholdResult[]) => void) | undefined

  constructor(
    private readonly thresholds: readonly ParsedThreshold[],
    private readonly parts: number,
    /** Called once, when an abortOnFail threshold fails. */
    private readonly onAbort: (threshold: ParsedThreshold) => void,
  ) {
    this.longest = Math.max(0, ...thresholds.map((t) => t.windowS ?? 0))
    for (const t of thresholds) if (t.windowS) this.windows.set(t, { worst: null, judged: false })
  }

  /**
   * A part's data for tick `tick` (the second that ended at (tick + 1) s of the run's clock, which
   * starts with the phases). `full` false: the tick covered part of its second (the run's last).
   */
  ingest(tick: number, data: TickData, full = true): void {
    if (this.nextTick < 0) this.nextTick = tick
    if (tick < this.nextTick) tick = this.nextTick // late: fold into the tick still open
    let entry = this.pending.get(tick)
    if (!entry) this.pending.set(tick, (entry = { parts: 0, full: true, data: new Map() }))
    entry.parts++
    entry.full &&= full
    for (const [key, serialized] of Object.entries(data)) {
      const aggregate = deserializeAggregate(serialized)
      const mine = entry.data.get(key)
      if (mine) mine.merge(aggregate)
      else entry.data.set(key, aggregate)
    }
    // Judge every tick all parts sent; a part that lags two ticks behind is not waited for.
    for (;;) {
      const next = this.pending.get(this.nextTick)
      const newest = Math.max(...this.pending.keys())
      if (!next || (next.parts < this.parts && newest < this.nextTick + 2)) break
      this.judge(this.nextTick, next)
    }
  }

  /** Judges what is left (the run is over): pending ticks, and windows never filled. */
  finish(): void {
    for (const tick of [...this.pending.keys()].sort((a, b) => a - b)) this.judge(tick, this.pending.get(tick)!)
    for (const [threshold, state] of this.windows) {
      if (state.judged) continue
      // A run shorter than the window: the whole run is its one window.
      this.judgeWindow(threshold, state, this.recent.length, Math.max(0, this.nextTick) * 1000)
    }
  }

  /** Final results: whole-run thresholds from the exact merged sinks; windows from their worst window. */
  results(sinks: ThresholdSinks, wallMs: number): ThresholdResult[] {
    return this.judgedBy((t) => sinks.sinks.get(t.key)?.whole.value(t.aggregate, wallMs) ?? null)
  }

  /** How every threshold stands after the ticks judged so far (up to `endMs` of the run). */
  standing(endMs: number): ThresholdResult[] {
    return this.judgedBy((t) => this.cumulative.get(t.key)?.value(t.aggregate, endMs) ?? null)
  }

  /** Each threshold judged on `actual` (windows on their worst window). */
  private judgedBy(actualOf: (t: ParsedThreshold) => number | null): ThresholdResult[] {
    return this.thresholds.map((t) => {
      const base = { metric: t.metric, expression: t.expression, aggregate: t.aggregate, abortOnFail: t.abortOnFail, aborted: this.abortedBy === t || undefined }
      const state = this.windows.get(t)
      if (state) {
        return { ...base, window: `${t.windowS}s`, actual: state.worst, ok: state.worst !== null && state.breachedAtMs === undefined, breachedAtMs: state.breachedAtMs }
      }
      const actual = actualOf(t)
      // A threshold that cannot be measured does not pass silently; one that stopped the run failed.
      return { ...base, actual, ok: actual !== null && compare(actual, t.operator, t.value) && this.abortedBy !== t }
    })
  }

  private judge(tick: number, { data, full }: PendingTick): void {
    this.pending.delete(tick)
    this.nextTick = tick + 1
    for (const [key, aggregate] of data) {
      const total = this.cumulative.get(key)
      if (total) total.merge(aggregate)
      else this.cumulative.set(key, aggregateCopy(aggregate))
    }
    // A partial second would read as a slow one (a count or a rate per second): windows take whole seconds only.
    if (full) {
      this.recent.push(data)
      if (this.recent.length > this.longest) this.recent.shift()
    }
    const endMs = (tick + 1) * 1000
    for (const t of this.thresholds) {
      const state = this.windows.get(t)
      if (state) {
        if (full && this.recent.length >= t.windowS!) this.judgeWindow(t, state, t.windowS!, endMs)
      } else if (t.abortOnFail && endMs >= t.delayAbortEvalMs) {
        const value = this.cumulative.get(t.key)?.value(t.aggregate, endMs)
        if (value !== undefined && !compare(value, t.operator, t.value)) this.abort(t)
      }
    }
    this.onJudged?.(endMs, this.standing(endMs))
  }

  private judgeWindow(t: ParsedThreshold, state: WindowState, ticks: number, endMs: number): void {
    if (ticks === 0) return
    state.judged = true
    const window = newAggregate(t.type, 2)
    for (const data of this.recent.slice(-ticks)) {
      const aggregate = data.get(t.key)
      if (aggregate) window.merge(aggregate)
    }
    const value = window.value(t.aggregate, ticks * 1000)
    if (value === undefined) return
    state.worst = worse(state.worst, value, t)
    if (!compare(value, t.operator, t.value)) {
      state.breachedAtMs ??= endMs
      if (t.abortOnFail && endMs >= t.delayAbortEvalMs) this.abort(t)
    }
  }

  private abort(t: ParsedThreshold): void {
    if (this.abortedBy) return
    this.abortedBy = t
    this.onAbort(t)
  }
}

/** The value further from passing: the largest for `<`, the smallest for `>`. */
function worse(current: number | null, value: number, t: ParsedThreshold): number {
  if (current === null) return value
  if (t.operator === '<' || t.operator === '<=') return Math.max(current, value)
  if (t.operator === '>' || t.operator === '>=') return Math.min(current, value)
  return compare(current, t.operator, t.value) ? value : current
}

function aggregateCopy(aggregate: Aggregate): Aggregate {
  return deserializeAggregate(aggregate.serialize())
}
