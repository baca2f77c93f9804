// `compare`: runs side by side, each against the first, with a verdict for throughput, error rate
// and the percentiles from a block bootstrap of their per-second data (block-bootstrap.ts).
import { threadSeed } from '../../load/random.ts'
import type { LoadedSummary } from '../summary-read.ts'
import type { Summary } from '../summary-types.ts'
import { bootstrapSeconds, longestBlock, type SecondSample, type SecondStats } from './block-bootstrap.ts'
import type { BootstrapSettings, ComparedRun, Comparison, ComparisonDiff, ComparisonRow, Verdict } from './comparison-types.ts'

export interface CompareOptions {
  seed?: number
  resamples?: number
  /** A relative change smaller than this gets no verdict, however sure (0.05: 5%). */
  minChange?: number
}

export const DEFAULT_SEED = 1
export const DEFAULT_RESAMPLES = 2000
export const DEFAULT_MIN_CHANGE = 0.05
/** Error rates: a change of less than this many percentage points gets no verdict. */
export const MIN_ERROR_RATE_CHANGE = 0.001
/** Fewer whole seconds than this and the per-second data cannot say how much a run varies. */
export const MIN_SECONDS = 10
const CONFIDENCE = 0.95

/** The percentiles with a verdict, and where they sit in SecondStats.percentiles. */
const PERCENTILES = [50, 90, 95, 99] as const

interface RowSpec {
  key: string
  label: string
  unit: ComparisonRow['unit']
  better: ComparisonRow['better']
  value: (s: Summary) => number
  /** The bootstrap statistic this row is judged on (µs for percentiles); none: shown only. */
  stat?: (s: SecondStats) => number | undefined
  /** µs to ms for percentile statistics. */
  scale?: number
}

const ROWS: RowSpec[] = [
  { key: 'requests', label: 'Requests', unit: 'count', better: null, value: (s) => s.overall.requests },
  { key: 'successful', label: 'Successful', unit: 'count', better: null, value: (s) => s.overall.successful },
  { key: 'wallMs', label: 'Wall time (ms)', unit: 'ms', better: null, value: (s) => s.wallMs },
  { key: 'throughput', label: 'Throughput (req/s)', unit: 'req/s', better: 'higher', value: (s) => s.overall.throughput, stat: (x) => x.throughput },
  { key: 'errorRate', label: 'Error rate', unit: 'ratio', better: 'lower', value: (s) => s.overall.failedRate, stat: (x) => x.errorRate },
  { key: 'mean', label: 'Mean (ms)', unit: 'ms', better: null, value: (s) => s.overall.latency.mean },
  ...PERCENTILES.map((p, k): RowSpec => ({
    key: `p${p}`, label: `p${p} (ms)`, unit: 'ms', better: 'lower', value: (s) => s.overall.latency[`p${p}`], stat: (x) => x.percentiles?.[k], scale: 1 / 1000,
  })),
  { key: 'max', label: 'Max (ms)', unit: 'ms', better: null, value: (s) => s.overall.latency.max },
  { key: 'coldStarts', label: 'Cold starts', unit: 'count', better: null, value: (s) => s.overall.coldStarts },
]

export interface NamedRun {
  label: string
  loaded: LoadedSummary
}

export function compareRuns(runs: readonly NamedRun[], options: CompareOptions = {}): Comparison {
  const settings: BootstrapSettings = {
    resamples: options.resamples ?? DEFAULT_RESAMPLES,
    confidence: CONFIDENCE,
    seed: options.seed ?? DEFAULT_SEED,
    minSeconds: MIN_SECONDS,
  }
  const minChange = options.minChange ?? DEFAULT_MIN_CHANGE
  const samples = runs.map((run) => wholeSeconds(run.loaded))
  // Each run its own stream, from the seed and the run itself (not its place in the command), so
  // a run resamples alike in `compare A B` and `compare B A C`, and the same output comes back.
  const replicates = samples.map((seconds, i) =>
    seconds.length >= MIN_SECONDS ? bootstrapSeconds(seconds, PERCENTILES, settings.resamples, threadSeed(settings.seed, runKey(runs[i]!.loaded.summary))) : undefined)
  const compared: ComparedRun[] = runs.map((run, i) => ({
    label: run.label,
    summary: run.loaded.summary,
    version: run.loaded.version,
    seconds: samples[i]!.length,
    blockSeconds: longestBlock(samples[i]!),
  }))
  const rows = ROWS.map((spec): ComparisonRow => {
    const values = runs.map((run) => spec.value(run.loaded.summary))
    const diffs = runs.map((_, i) => (i === 0 ? null : diff(spec, values[0]!, values[i]!, replicates[0], replicates[i], minChange, settings)))
    return { key: spec.key, label: spec.label, unit: spec.unit, better: spec.better, values, diffs }
  })
  const longest = Math.max(...compared.map((r) => r.blockSeconds))
  return {
    runs: compared,
    rows,
    bootstrap: settings,
    failOn: [],
    method: `moving-block bootstrap of whole seconds within each phase (blocks of √(its seconds), here up to ${longest} s), ${settings.resamples} resamples, seed ${settings.seed}: ` +
      `${Math.round(CONFIDENCE * 100)}% interval of the difference; a verdict needs the interval to exclude 0 and a change of at least ` +
      `${round(minChange * 100)}% (${round(MIN_ERROR_RATE_CHANGE * 100)} points for the error rate); fewer than ${MIN_SECONDS} s: too short to judge`,
  }
}

/** A number that identifies a run: its start, length and request count, hashed (FNV-1a). */
function runKey(summary: Summary): number {
  let hash = 0x811c9dc5
  for (const char of `${summary.startedAt}|${summary.wallMs}|${summary.overall.requests}`) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193)
  }
  return hash >>> 0
}

/**
 * The seconds the run was fully running (its partial last second would read as a slowdown), each
 * with the phases running at its middle as its stratum.
 */
function wholeSeconds(loaded: LoadedSummary): SecondSample[] {
  const full = Math.floor(loaded.summary.wallMs / 1000)
  const phases = loaded.summary.phases
  return loaded.seconds.slice(0, full).map(({ row, histogram }) => {
    const middle = row.second * 1000 + 500
    const stratum = phases.filter((p) => p.startMs <= middle && middle < p.endMs).map((p) => p.name).join('+')
    return { stratum, requests: row.requests, errors: row.errors, histogram }
  })
}

function diff(spec: RowSpec, base: number, value: number, a: SecondStats[] | undefined, b: SecondStats[] | undefined,
  minChange: number, settings: BootstrapSettings): ComparisonDiff {
  const absolute = value - base
  const relative = base === 0 ? null : absolute / base
  if (!spec.stat) return { absolute, relative, interval: null, relativeInterval: null, verdict: null }
  if (!a || !b) return { absolute, relative, interval: null, relativeInterval: null, verdict: 'too short to judge' }
  const differences: number[] = []
  // Each resample's own relative change: (b* - a*) / a* can fall by at most 100%, where the
  // differences over the whole-run baseline could read -114% for a latency.
  let ratios: number[] | null = []
  for (let k = 0; k < a.length; k++) {
    const x = spec.stat(a[k]!)
    const y = spec.stat(b[k]!)
    if (x === undefined || y === undefined) return { absolute, relative, interval: null, relativeInterval: null, verdict: 'not measured' }
    differences.push((y - x) * (spec.scale ?? 1))
    if (ratios && x > 0) ratios.push(y / x - 1)
    else ratios = null
  }
  const tail = (1 - settings.confidence) / 2
  const interval = centralInterval(differences, tail)
  const relativeInterval = ratios && relative !== null ? centralInterval(ratios, tail) : null
  return { absolute, relative, interval, relativeInterval, verdict: verdictOf(spec, interval, absolute, relative, minChange) }
}

function centralInterval(values: number[], tail: number): [number, number] {
  values.sort((x, y) => x - y)
  return [quantile(values, tail), quantile(values, 1 - tail)]
}

function verdictOf(spec: RowSpec, interval: [number, number], absolute: number, relative: number | null, minChange: number): Verdict {
  const sure = interval[0] > 0 || interval[1] < 0
  const large = spec.key === 'errorRate' ? Math.abs(absolute) >= MIN_ERROR_RATE_CHANGE : relative === null || Math.abs(relative) >= minChange
  // The interval and the whole-run difference must agree on the direction.
  const up = interval[0] > 0
  if (!sure || !large || (up ? absolute <= 0 : absolute >= 0)) return 'no significant difference'
  return up === (spec.better === 'higher') ? 'better' : 'worse'
}

function quantile(sorted: readonly number[], q: number): number {
  const at = q * (sorted.length - 1)
  const low = Math.floor(at)
  const high = Math.min(sorted.length - 1, low + 1)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low)
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
