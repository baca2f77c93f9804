/**
 * The service-level objective `node runner capacity --slo` holds each step to (docs/capacity.md):
 * comma-separated objectives such as `p(99)<200ms,error_rate<1%`. Latency objectives name an
 * aggregate of the step's request latencies (`p(N)`, `avg`, `med`, `max`) and a duration with its
 * unit; `error_rate` is the share of failed requests, arrivals the generator dropped counted as
 * failures (an arrival that never ran was not served), as a percentage or a fraction.
 */
import { parseDuration } from '../load/parse-duration.ts'
import { LatencyHistogram } from '../load/metrics/latency-histogram.ts'
import { UsageError } from '../load/run-errors.ts'
import type { SliceSummary } from '../report/summary-types.ts'

export const SLO_SYNTAX = "comma-separated objectives, each <aggregate><op><limit>: p(N), avg, med or max of the latency with a unit (p(99)<200ms, avg<=50ms) and error_rate as a percentage or fraction (error_rate<1%); op is < or <="

export interface Objective {
  /** As normalised for reports: `p(99)<200ms`, `error_rate<1%`. */
  text: string
  kind: 'latency' | 'error_rate'
  /** `p(99)`, `avg`, `med`, `max`; `rate` for error_rate. */
  aggregate: string
  inclusive: boolean
  /** Milliseconds for latency, a fraction for error_rate. */
  limit: number
}

export interface ObjectiveResult {
  objective: string
  /** Milliseconds or a fraction, as the limit. */
  actual: number
  ok: boolean
  /** Why the step cannot be judged on this objective (compare's rule: too few seconds or requests); its `ok` then says nothing. */
  unjudged?: string
}

/** What a step measured that objectives read: its request slice and the arrivals it dropped. */
export interface StepFigures {
  slice: Pick<SliceSummary, 'requests' | 'failed' | 'latency' | 'histograms'>
  dropped: number
}

const ITEM = /^\s*([a-z_][a-z0-9_]*(?:\(\s*[^)]*\))?)\s*(<=|<)\s*(\S+?)\s*$/i

/** Every objective of `text`, or a UsageError listing every problem (exit 2). */
export function parseSlo(text: string): Objective[] {
  const problems: string[] = []
  const objectives: Objective[] = []
  const items = text.split(',')
  if (text.trim() === '') problems.push(`--slo is empty: give ${SLO_SYNTAX}`)
  else {
    for (const item of items) {
      const parsed = parseObjective(item)
      if (typeof parsed === 'string') problems.push(parsed)
      else objectives.push(parsed)
    }
  }
  const seen = new Set<string>()
  for (const o of objectives) {
    const key = `${o.kind} ${o.aggregate}`
    if (seen.has(key)) problems.push(`--slo names ${o.aggregate === 'rate' ? 'error_rate' : o.aggregate} twice: give each objective once`)
    seen.add(key)
  }
  if (problems.length) throw new UsageError(`--slo ${JSON.stringify(text)} is not a service-level objective`, problems)
  return objectives
}

function parseObjective(item: string): Objective | string {
  const match = ITEM.exec(item)
  if (!match) return `${JSON.stringify(item.trim())}: expected <aggregate><op><limit>, e.g. p(99)<200ms or error_rate<1% (op < or <=)`
  const [, aggregateText, op, limitText] = match
  const inclusive = op === '<='
  const name = aggregateText!.toLowerCase().replace(/\s+/g, '')
  if (name === 'error_rate') {
    const limit = fractionOf(limitText!)
    if (limit === undefined) return `error_rate limit ${JSON.stringify(limitText)} must be a percentage (1%) or a fraction from 0 to 1 (0.01)`
    return { text: `error_rate${op}${limitText}`, kind: 'error_rate', aggregate: 'rate', inclusive, limit }
  }
  const aggregate = latencyAggregate(name)
  if (typeof aggregate !== 'string' || aggregate.startsWith('!')) {
    return typeof aggregate === 'string' ? aggregate.slice(1) : `unknown objective ${JSON.stringify(aggregateText)}`
  }
  const ms = /^\d+(\.\d+)?$/.test(limitText!) ? undefined : parseDuration(limitText)
  if (ms === undefined) return `${aggregate} limit ${JSON.stringify(limitText)} needs a unit: e.g. 200ms or 1s`
  if (ms <= 0) return `${aggregate} limit ${JSON.stringify(limitText)} must be more than 0`
  return { text: `${aggregate}${op}${limitText}`, kind: 'latency', aggregate, inclusive, limit: ms }
}

/** `p(99)`, `avg`, `med`, `max`; a string starting with ! is the problem. */
function latencyAggregate(name: string): string {
  const percentile = /^p\((.*)\)$/.exec(name)
  if (percentile) {
    const n = Number(percentile[1])
    if (percentile[1] === '' || !Number.isFinite(n) || n <= 0 || n > 100) return `!percentile ${JSON.stringify(percentile[1])} must be a number above 0 and at most 100`
    return `p(${n})`
  }
  if (name === 'avg' || name === 'med' || name === 'max') return name
  if (/^p\d+(\.\d+)?$/.test(name)) return `!unknown objective ${JSON.stringify(name)}: did you mean p(${name.slice(1)})?`
  return `!unknown objective ${JSON.stringify(name)} (use p(N), avg, med, max or error_rate)`
}

function fractionOf(text: string): number | undefined {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text)
  if (percent) {
    const n = Number(percent[1]) / 100
    return n <= 1 ? n : undefined
  }
  if (!/^\d*\.?\d+$/.test(text)) return undefined
  const n = Number(text)
  return n <= 1 ? n : undefined
}

/** Each objective judged on a step's figures. */
export function judgeObjectives(objectives: readonly Objective[], figures: StepFigures): ObjectiveResult[] {
  return objectives.map((o) => {
    const actual = o.kind === 'error_rate' ? errorRate(figures) : latencyOf(o.aggregate, figures.slice)
    return { objective: o.text, actual, ok: o.inclusive ? actual <= o.limit : actual < o.limit }
  })
}

/** Failed requests and dropped arrivals over requests and dropped arrivals (0 when neither). */
export function errorRate(figures: StepFigures): number {
  const total = figures.slice.requests + figures.dropped
  return total === 0 ? 0 : (figures.slice.failed + figures.dropped) / total
}

function latencyOf(aggregate: string, slice: StepFigures['slice']): number {
  if (aggregate === 'avg') return slice.latency.mean
  if (aggregate === 'max') return slice.latency.max
  const p = aggregate === 'med' ? 50 : Number(/^p\((.*)\)$/.exec(aggregate)![1])
  if (!slice.histograms.latency) return 0
  return LatencyHistogram.decode(slice.histograms.latency).percentile(p) / 1000
}

/** The latency percentile (0..100) an objective reads: p(N) and med; undefined for avg, max and error_rate. */
export function percentileOf(objective: Objective): number | undefined {
  if (objective.aggregate === 'med') return 50
  const match = /^p\((.*)\)$/.exec(objective.aggregate)
  return match ? Number(match[1]) : undefined
}

/** The largest latency limit (ms), for how long a step may finish its late requests; 0 without one. */
export function largestLatencyLimit(objectives: readonly Objective[]): number {
  return Math.max(0, ...objectives.filter((o) => o.kind === 'latency').map((o) => o.limit))
}
