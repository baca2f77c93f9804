/**
 * `merge` (docs/distributed.md): the parts of a distributed run as one summary, as if one process
 * had run it. Each part's metrics (serialized exactly, as --workers sends them) are added to one
 * RunMetrics, the summary is built by the same code as a run's, thresholds are judged again on
 * the merged sinks (and windows on the merged per-second ticks), and the per-second series is
 * merged on the wall clock. Parts of another run, a segment given twice, or a missing one are
 * refused: a merge of the wrong parts would look right and be wrong.
 */
import type { Aggregate } from '../load/metrics/aggregates.ts'
import { RunMetrics, type SerializedMetrics } from '../load/metrics/run-metrics.ts'
import type { ParsedThreshold, ThresholdResult } from '../load/metrics/thresholds.ts'
import { judgeThresholds } from '../load/run-and-judge.ts'
import { UsageError } from '../load/run-errors.ts'
import { mergeSeriesByWallClock } from '../report/histogram-merge.ts'
import { buildSummary } from '../report/summary.ts'
import { addStreams } from '../report/stream-summary.ts'
import type { SecondRow, StoppedBy, Summary } from '../report/summary-types.ts'
import type { PartRecord, PartTick } from './part-record.ts'
import type { SourcedSummary } from './part-source.ts'
import { notTogetherProblem, otherRunProblem, timingWarnings, type TimedPart } from './part-timing.ts'
import { addTickData } from './tick-recorder.ts'

/** A part summary: a run's summary with the record `--segment` adds. */
export type PartSummary = Summary & { segment: PartRecord }

/** What is kept of a part once its metrics are merged: small, so many parts fit. */
interface KeptPart extends TimedPart {
  summary: Omit<Summary, 'series'>
  series: SecondRow[]
  ticks: PartTick[]
}

export interface MergeResult {
  summary: Summary
  parts: number
  /** Parts that started late, phases the parts began at different moments (part-timing.ts). */
  warnings: string[]
}

export class PartMerger {
  private readonly kept: KeptPart[] = []
  /** What the other parts are checked against (not its metrics: those are merged and let go). */
  private first: { source: string; record: Pick<PartRecord, 'index' | 'count' | 'scenarioId' | 'thresholds'>; timed: TimedPart } | undefined
  private metrics: RunMetrics | undefined
  /** The first part's start: merged phase times count from here until finish() moves them. */
  private originMs = 0

  add({ summary, source }: SourcedSummary): void {
    const record = (summary as Partial<PartSummary>).segment
    if (!record || typeof record !== 'object' || typeof record.index !== 'number' || !record.metrics) {
      throw new UsageError(`${source}: not a part of a distributed run (its summary has no segment record); run each part with --segment i/n`)
    }
    const problem = recordProblem(record)
    if (problem) throw new UsageError(`${source}: a damaged segment record: ${problem}`)
    const startedAtMs = Date.parse(summary.startedAt)
    const timed: TimedPart = {
      source, index: record.index, count: record.count, startedAtMs, wallMs: summary.wallMs, target: summary.target, phases: summary.phases,
      startAtMs: typeof record.startAt === 'string' ? Date.parse(record.startAt) : undefined,
    }
    this.checkBelongs(record, timed)
    if (!this.first) {
      this.first = { source, record: { index: record.index, count: record.count, scenarioId: record.scenarioId, thresholds: record.thresholds }, timed }
      this.originMs = startedAtMs
      this.metrics = new RunMetrics().track(record.thresholds)
    }
    this.metrics!.merge(readMetrics(record, startedAtMs - this.originMs, source))
    const { series, segment: _, ...rest } = summary as PartSummary
    this.kept.push({ ...timed, summary: rest, series, ticks: record.ticks ?? [] })
  }

  private checkBelongs(record: PartRecord, timed: TimedPart): void {
    const first = this.first
    const source = timed.source
    if (!first) return
    if (record.scenarioId !== first.record.scenarioId || record.count !== first.record.count) {
      throw new UsageError(`${source} is a part of another run: segment ${record.index}/${record.count} of scenario ${record.scenarioId}, ` +
        `but ${first.source} is ${first.record.index}/${first.record.count} of scenario ${first.record.scenarioId} ` +
        '(the scenario file, its phases, its thresholds and the --threads/--iterations/--duration given must be the same in every part)')
    }
    const twice = this.kept.find((part) => part.index === record.index)
    if (twice) throw new UsageError(`segment ${record.index}/${record.count} is given twice (${twice.source} and ${source}): the parts overlap`)
    const other = otherRunProblem(timed, first.timed)
    if (other) throw new UsageError(other)
  }

  /** The merged summary; refuses an incomplete set of parts. */
  finish(): MergeResult {
    const first = this.first
    if (!first) throw new UsageError('no parts to merge')
    const count = first.record.count
    const have = new Set(this.kept.map((part) => part.index))
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !have.has(i))
    if (missing.length) {
      const named = missing.slice(0, 20).map((i) => `${i}/${count}`).join(', ') + (missing.length > 20 ? ` and ${missing.length - 20} more` : '')
      throw new UsageError(`missing segment${missing.length > 1 ? 's' : ''} ${named}: merge needs all ${count} parts (got ${this.kept.length})`)
    }
    const apart = notTogetherProblem(this.kept)
    if (apart) throw new UsageError(apart)
    const originMs = Math.min(...this.kept.map((part) => part.startedAtMs))
    const metrics = this.metrics!
    // Phase times counted from the first part read: count them from the earliest part's start instead.
    shiftPhases(metrics, this.originMs - originMs)
    const wallMs = Math.max(...this.kept.map((part) => part.startedAtMs - originMs + part.wallMs))
    const stoppedBy = earliestStop(this.kept, originMs)
    const thresholds = judgeParts(first.record.thresholds, metrics, this.kept, originMs, wallMs, stoppedBy)
    const base = this.kept.find((part) => part.index === 1)!.summary
    const seeds = new Set(this.kept.map((part) => part.summary.seed))
    const targets = new Set(this.kept.map((part) => part.summary.target))
    const summary = buildSummary(metrics, {
      scenario: base.scenario,
      target: targets.size === 1 ? base.target : [...targets].join(', '),
      startedAt: new Date(originMs),
      seed: seeds.size === 1 && base.seed !== null ? base.seed : undefined,
      wallMs,
      interrupted: this.kept.some((part) => part.summary.interrupted),
      stoppedBy,
      form: base.form,
      threads: base.threads,
      iterations: base.iterations ?? undefined,
      environment: base.environment,
    }, thresholds)
    summary.series = mergeSeriesByWallClock(this.kept.map((part) => part.series))
    const streams = addStreams(this.kept.map((part) => part.summary.streams))
    if (streams) summary.streams = streams
    keepTimeFlags(summary, this.kept)
    return { summary, parts: count, warnings: timingWarnings(this.kept) }
  }
}

/** What merge reads of a record, checked once so a damaged file is one line, never a stack trace. */
function recordProblem(record: PartRecord): string | undefined {
  if (!(Number.isInteger(record.count) && Number.isInteger(record.index) && record.index >= 1 && record.index <= record.count)) return `segment ${record.index}/${record.count}`
  if (typeof record.scenarioId !== 'string') return 'no scenarioId'
  if (!Array.isArray(record.thresholds)) return 'no thresholds list'
  if (typeof record.metrics !== 'object' || record.metrics === null) return 'no metrics'
  if (record.ticks !== undefined && !(Array.isArray(record.ticks) && record.ticks.every((t) => Number.isInteger(t?.tick) && typeof t.data === 'object' && t.data !== null))) {
    return 'ticks is not a list of { tick, full, data }'
  }
  return undefined
}

/** A part's measurements, live; a record this version cannot read is the user's problem to hear about, not a stack trace. */
function readMetrics(record: PartRecord, offsetMs: number, source: string): RunMetrics {
  try {
    return RunMetrics.deserialize(shifted(record.metrics, offsetMs), record.thresholds)
  } catch (error) {
    throw new UsageError(`${source}: its measurements cannot be read (${(error as Error).message}); merge parts made by the same edgeload version as this one`)
  }
}

/** A part's metrics with its phase times moved by `offsetMs` (its start after the first part's). */
function shifted(s: SerializedMetrics, offsetMs: number): SerializedMetrics {
  if (offsetMs === 0) return s
  const move = (ms: number | undefined) => (ms === undefined ? undefined : ms + offsetMs)
  return { ...s, phases: s.phases.map((p) => ({ ...p, startMs: move(p.startMs), endMs: move(p.endMs), firstMs: move(p.firstMs), lastMs: move(p.lastMs) })) }
}

/** Moves every phase's times by `offsetMs` (also `capacity`: its steps, each on its own clock, as one run). */
export function shiftPhases(metrics: RunMetrics, offsetMs: number): void {
  if (offsetMs === 0) return
  for (const phase of metrics.phases.values()) {
    for (const key of ['startMs', 'endMs', 'firstMs', 'lastMs'] as const) if (phase[key] !== undefined) phase[key]! += offsetMs
  }
}

/**
 * Thresholds on the merged data: whole-run ones from the merged sinks, windows replayed second by
 * second over the parts' ticks added up on the wall clock. A threshold that stopped a part
 * (abortOnFail) failed, whatever the merged data says.
 */
function judgeParts(thresholds: ParsedThreshold[], metrics: RunMetrics, parts: KeptPart[], originMs: number, wallMs: number, stoppedBy: StoppedBy | undefined): ThresholdResult[] {
  const bySecond = new Map<number, { full: boolean; data: Map<string, Aggregate> }>()
  for (const part of parts) {
    const shift = Math.round((part.startedAtMs - originMs) / 1000)
    for (const { tick, full, data } of part.ticks) {
      let entry = bySecond.get(tick + shift)
      if (!entry) bySecond.set(tick + shift, (entry = { full: true, data: new Map() }))
      entry.full &&= full
      addTickData(entry.data, data)
    }
  }
  const ticks = [...bySecond.keys()].sort((a, b) => a - b).map((tick) => {
    const { full, data } = bySecond.get(tick)!
    return { tick, full, data: Object.fromEntries([...data].map(([key, aggregate]) => [key, aggregate.serialize()])) }
  })
  return judgeThresholds(thresholds, metrics, wallMs, ticks).map((result) =>
    stoppedBy && stoppedBy.threshold === `${result.metric} ${result.expression}` ? { ...result, ok: false, aborted: true } : result)
}

function earliestStop(parts: KeptPart[], originMs: number): StoppedBy | undefined {
  const stops = parts.flatMap((part) => (part.summary.stoppedBy ? [{ ...part.summary.stoppedBy, atMs: part.summary.stoppedBy.atMs + part.startedAtMs - originMs }] : []))
  return stops.sort((a, b) => a.atMs - b.atMs)[0]
}

/** Custom trends made with isTime are milliseconds: the parts' summaries say which (this process never loaded the scenario). */
function keepTimeFlags(summary: Summary, parts: KeptPart[]): void {
  for (const [key, metric] of Object.entries(summary.metrics)) {
    if (parts.some((part) => part.summary.metrics?.[key]?.time)) metric.time = true
  }
}
