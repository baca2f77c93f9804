// `compare`: runs side by side, each against the first, with a verdict for throughput, error rate
// and the percentiles from a block bootstrap of their per-second data (block-bootstrap.ts).
import { threadSeed } from '../../load/random.ts'
import type { LoadedSummary } from '../summary-read.ts'
import type { Summary } from '../summary-types.ts'
import { bootstrapSeconds, longestBlock, type SecondSample, type SecondStats } from './block-bootstrap.ts'
import { JUDGED_ROWS, PERCENTILES, ROWS, type RowSpec } from './comparison-rows.ts'
import type { BootstrapSettings, ComparedRun, Comparison, ComparisonDiff, ComparisonRow } from './comparison-types.ts'
import { MIN_SECONDS, unjudgedRun } from './judgeable.ts'
import { DEFAULT_MIN_CHANGE, MIN_ERROR_RATE_CHANGE, round2, rowConfidence, unjudgedDiff, verdictOf } from './verdict.ts'

export { DEFAULT_MIN_CHANGE } from './verdict.ts'

export interface CompareOptions {
  seed?: number
  resamples?: number
  /** A relative change smaller than this gets no verdict, however sure (0.05: 5%). */
  minChange?: number
}

export const DEFAULT_SEED = 1
export const DEFAULT_RESAMPLES = 2000

export interface NamedRun {
  label: string
  loaded: LoadedSummary
}

export function compareRuns(runs: readonly NamedRun[], options: CompareOptions = {}): Comparison {
  const settings: BootstrapSettings = {
    resamples: options.resamples ?? DEFAULT_RESAMPLES,
    confidence: rowConfidence(JUDGED_ROWS),
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
  const judged = runs.map((run, i) => ({ seconds: samples[i]!.length, requests: run.loaded.summary.overall.requests }))
  const rows = ROWS.map((spec): ComparisonRow => {
    const values = runs.map((run) => spec.value(run.loaded.summary))
    const diffs = runs.map((_, i) => {
      if (i === 0) return null
      const blocked = spec.stat ? unjudgedRun([0, i].map((j) => ({ label: runs[j]!.label, ...judged[j]! })), spec.percentile, true) : undefined
      if (blocked) return unjudgedDiff(values[i]! - values[0]!, values[0] === 0 ? null : (values[i]! - values[0]!) / values[0]!, blocked.verdict, blocked.why)
      return diff(spec, values[0]!, values[i]!, replicates[0], replicates[i], minChange, settings)
    })
    return { key: spec.key, label: spec.label, unit: spec.unit, better: spec.better, values, diffs }
  })
  const longest = Math.max(...compared.map((r) => r.blockSeconds))
  return {
    runs: compared,
    rows,
    bootstrap: settings,
    failOn: [],
    judgedFrom: 'seconds',
    rowsJudged: JUDGED_ROWS,
    method: `one run a side: moving-block bootstrap of whole seconds within each phase (blocks of √(its seconds), here up to ${longest} s), ${settings.resamples} resamples, seed ${settings.seed}: ` +
      `${round2(settings.confidence * 100)}% interval of the difference (95% over the ${JUDGED_ROWS} rows judged together); a verdict needs the interval to exclude 0 and a change of at least ` +
      `${round2(minChange * 100)}% (${round2(MIN_ERROR_RATE_CHANGE * 100)} points for the error rate); fewer than ${MIN_SECONDS} s: too short to judge; ` +
      'this measures the noise inside each run, not between runs: for a verdict on a change, give several runs a side (compare A1 A2 A3 --vs B1 B2 B3)',
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
  if (!spec.stat || !a || !b) return { absolute, relative, interval: null, relativeInterval: null, verdict: null }
  const differences: number[] = []
  // Each resample's own relative change: (b* - a*) / a* can fall by at most 100%, where the
  // differences over the whole-run baseline could read -114% for a latency.
  let ratios: number[] | null = []
  for (let k = 0; k < a.length; k++) {
    const x = spec.stat(a[k]!)
    const y = spec.stat(b[k]!)
    if (x === undefined || y === undefined) return unjudgedDiff(absolute, relative, 'not measured', 'a schema /1 summary has no per-second histograms')
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

function quantile(sorted: readonly number[], q: number): number {
  const at = q * (sorted.length - 1)
  const low = Math.floor(at)
  const high = Math.min(sorted.length - 1, low + 1)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low)
}
