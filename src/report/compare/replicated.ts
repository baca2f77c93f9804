// `compare A1 A2 A3 --vs B1 B2 B3`: verdicts from several runs a side (docs/results.md). Each
// run's whole figure (its p99, its throughput) is one measurement, so the spread between the runs
// of a side is the variation a repeated run really has: a busier machine, a warmer cache, the
// noise one run's own seconds cannot show. Each judged row gets Student's t interval for the
// difference of the two sides' means, at the per-row confidence that keeps the rows judged
// together at 95% (verdict.ts). Latencies and throughput are compared as ratios: the t interval
// is taken on the logarithms of the runs' figures (a column shows their geometric mean), so a
// latency never reads as falling by more than 100%; the error rate, often 0, in points as it is.
// The spread is pooled over both sides: both are repeats of one
// kind of run, and with three runs a side a spread of their own (Welch's) would leave so few
// degrees of freedom that only huge changes could be told.
import { UsageError } from '../../load/run-errors.ts'
import type { Summary } from '../summary-types.ts'
import type { NamedRun } from './compare-runs.ts'
import { JUDGED_ROWS, ROWS, type RowSpec } from './comparison-rows.ts'
import type { ComparedRun, Comparison, ComparisonDiff, ComparisonRow } from './comparison-types.ts'
import { MIN_SECONDS, TAIL_REQUESTS, unjudgedRun } from './judgeable.ts'
import { tQuantile } from './student-t.ts'
import { DEFAULT_MIN_CHANGE, MIN_ERROR_RATE_CHANGE, round2, rowConfidence, unjudgedDiff, verdictOf } from './verdict.ts'

export interface Side {
  /** The column's head: `A`, `B`, or what the caller names them. */
  label: string
  runs: readonly NamedRun[]
}

/** Side `b` against side `a`; at least one side has two runs or more. */
export function compareSides(a: Side, b: Side, options: { minChange?: number } = {}): Comparison {
  for (const side of [a, b]) checkAlike(side)
  const minChange = options.minChange ?? DEFAULT_MIN_CHANGE
  const confidence = rowConfidence(JUDGED_ROWS)
  const rows = ROWS.map((spec): ComparisonRow => {
    const xs = a.runs.map((run) => spec.value(run.loaded.summary))
    const ys = b.runs.map((run) => spec.value(run.loaded.summary))
    const ratios = onLogScale(spec, [...xs, ...ys])
    const centre = ratios ? geometricMean : mean
    return {
      key: spec.key, label: spec.label, unit: spec.unit, better: spec.better,
      values: [centre(xs), centre(ys)],
      diffs: [null, sideDiff(spec, xs, ys, ratios, [...a.runs, ...b.runs], confidence, minChange)],
    }
  })
  return {
    runs: [column(a), column(b)],
    rows,
    bootstrap: { resamples: 0, confidence, seed: 0, minSeconds: MIN_SECONDS },
    failOn: [],
    judgedFrom: 'runs',
    rowsJudged: JUDGED_ROWS,
    method: `${a.runs.length} run${a.runs.length === 1 ? '' : 's'} against ${b.runs.length}: each run's whole figure is one measurement, a column shows the mean of its runs (geometric for latencies and throughput, compared as ratios); ` +
      `Student's t interval of the difference (the runs' spread pooled over both sides) at ${round2(confidence * 100)}% (95% over the ${JUDGED_ROWS} rows judged together); a verdict needs the interval to exclude 0 and a change of at least ` +
      `${round2(minChange * 100)}% (${round2(MIN_ERROR_RATE_CHANGE * 100)} points for the error rate); a percentile needs ${TAIL_REQUESTS} requests beyond it in every run`,
  }
}

/**
 * A side's runs are repeats of one run: its spread is what the verdicts rest on, and its column
 * shows one run's scenario. Runs of another scenario in it would be averaged without a word.
 */
function checkAlike(side: Side): void {
  const first = side.runs[0]!
  const other = side.runs.find((run) => run.loaded.summary.scenario !== first.loaded.summary.scenario)
  if (other) {
    throw new UsageError(`compare: side ${side.label} mixes scenarios: ${first.label} ran ${first.loaded.summary.scenario}, ${other.label} ran ${other.loaded.summary.scenario}; ` +
      'the runs of a side are repeats of one run (compare runs of different scenarios one a side: compare A B)')
  }
}

function column(side: Side): ComparedRun {
  const first = side.runs[0]!
  return {
    label: side.label,
    summary: first.loaded.summary,
    version: Math.min(...side.runs.map((run) => run.loaded.version)) as 1 | 2,
    seconds: Math.min(...side.runs.map((run) => wholeSeconds(run.loaded.summary))),
    blockSeconds: 0,
    members: side.runs.map((run) => run.label),
  }
}

function wholeSeconds(summary: Summary): number {
  return Math.floor(summary.wallMs / 1000)
}

/** Judged rows other than the error rate are ratios, when every figure is above 0. */
function onLogScale(spec: RowSpec, values: readonly number[]): boolean {
  return spec.stat !== undefined && spec.key !== 'errorRate' && values.every((v) => v > 0)
}

function sideDiff(spec: RowSpec, xs: number[], ys: number[], ratios: boolean, runs: readonly NamedRun[], confidence: number, minChange: number): ComparisonDiff {
  const centre = ratios ? geometricMean : mean
  const base = centre(xs)
  const absolute = centre(ys) - base
  const relative = base === 0 ? null : absolute / base
  if (!spec.stat) return { absolute, relative, interval: null, relativeInterval: null, verdict: null }
  const judged = runs.map((run) => ({ label: run.label, seconds: wholeSeconds(run.loaded.summary), requests: run.loaded.summary.overall.requests }))
  const blocked = unjudgedRun(judged, spec.percentile, false)
  if (blocked) return unjudgedDiff(absolute, relative, blocked.verdict, blocked.why)
  if (ratios) {
    const logs = (values: number[]) => values.map(Math.log)
    const [lx, ly] = [logs(xs), logs(ys)]
    const centreLog = mean(ly) - mean(lx)
    const half = halfWidth(lx, ly, confidence)
    const relativeInterval: [number, number] = [Math.expm1(centreLog - half), Math.expm1(centreLog + half)]
    const interval: [number, number] = [base * relativeInterval[0], base * relativeInterval[1]]
    return { absolute, relative, interval, relativeInterval, verdict: verdictOf(spec, interval, absolute, relative, minChange) }
  }
  const half = halfWidth(xs, ys, confidence)
  const interval: [number, number] = [absolute - half, absolute + half]
  const relativeInterval: [number, number] | null = base > 0 ? [interval[0] / base, interval[1] / base] : null
  return { absolute, relative, interval, relativeInterval, verdict: verdictOf(spec, interval, absolute, relative, minChange) }
}

/** Half the width of the interval of mean(ys) - mean(xs), from the spread of the runs pooled over both sides. */
function halfWidth(xs: number[], ys: number[], confidence: number): number {
  const df = xs.length + ys.length - 2
  const pooled = ((xs.length - 1) * variance(xs) + (ys.length - 1) * variance(ys)) / df
  if (pooled === 0) return 0
  return tQuantile(1 - (1 - confidence) / 2, df) * Math.sqrt(pooled * (1 / xs.length + 1 / ys.length))
}

function geometricMean(values: readonly number[]): number {
  return Math.exp(mean(values.map(Math.log)))
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length
}

/** The sample variance (n - 1); 0 for a single value. */
function variance(values: readonly number[]): number {
  if (values.length < 2) return 0
  const m = mean(values)
  return values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1)
}
