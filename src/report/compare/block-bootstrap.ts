// A moving-block bootstrap over a run's seconds. Seconds of a load test are not independent (a
// slow second tends to follow a slow second: GC, a queue building up), so resampling single
// seconds would understate the noise; resampling blocks of consecutive seconds keeps that
// dependence inside each block. Each resample strings together ceil(n / L) blocks of L seconds
// whose starts are drawn uniformly, and computes every statistic on the resampled seconds:
// throughput and error rate from their counts, percentiles from their merged histograms.
// Seconds are first grouped by the phases running in them (strata): a resample keeps each
// phase's share of the run, so a run of a light warm-up and a heavy peak is not judged on
// resamples that happen to be all warm-up.
import type { LatencyHistogram } from '../../load/metrics/latency-histogram.ts'
import { seededRandom } from '../../load/random.ts'

/** One second as the bootstrap sees it. */
export interface SecondSample {
  /** The phases running in this second: seconds are resampled among those of the same stratum. */
  stratum: string
  requests: number
  errors: number
  /** Undefined when the summary carries no per-second histograms (schema /1). */
  histogram: LatencyHistogram | undefined
}

/** Statistics of a set of seconds; percentiles in µs (undefined without histograms). */
export interface SecondStats {
  throughput: number
  errorRate: number
  percentiles: number[] | undefined
}

/** The block length for a stratum of n seconds: √n, at least 1 (docs/results.md explains the choice). */
export function blockLength(n: number): number {
  return Math.max(1, Math.round(Math.sqrt(n)))
}

/** The longest block any stratum of `seconds` uses. */
export function longestBlock(seconds: readonly SecondSample[]): number {
  return Math.max(1, ...[...groupBy(seconds, (s) => s.stratum).values()].map((members) => blockLength(members.length)))
}

/**
 * `resamples` bootstrap replicates of the statistics of `seconds`, reproducible from `seed`.
 * `percentiles` (0..100) are read from the merged per-second histograms of each replicate.
 */
export function bootstrapSeconds(seconds: readonly SecondSample[], percentiles: readonly number[], resamples: number, seed: number): SecondStats[] {
  const strata = [...groupBy(seconds, (s) => s.stratum).values()]
  const values = bucketValues(seconds)
  const sets = strata.map((members) => blockSums(members, blockLength(members.length), values))
  const hasHistograms = hasAllHistograms(seconds)
  const random = seededRandom(seed)
  const dense = new Float64Array(values.length)
  const replicates: SecondStats[] = []
  for (let b = 0; b < resamples; b++) {
    let requests = 0
    let errors = 0
    let drawn = 0
    dense.fill(0)
    for (const [k, set] of sets.entries()) {
      const L = blockLength(strata[k]!.length)
      const count = Math.ceil(strata[k]!.length / L)
      drawn += count * L
      for (let c = 0; c < count; c++) {
        const block = set[Math.floor(random() * set.length)]!
        requests += block.requests
        errors += block.errors
        for (let j = 0; j < block.indices.length; j++) dense[block.indices[j]!]! += block.counts[j]!
      }
    }
    replicates.push({
      throughput: requests / drawn,
      errorRate: requests === 0 ? 0 : errors / requests,
      percentiles: hasHistograms ? percentilesOf(dense, values, percentiles) : undefined,
    })
  }
  return replicates
}

interface Block {
  requests: number
  errors: number
  /** Sparse merged histogram of the block's seconds: indices into the shared bucket values, counts. */
  indices: Int32Array
  counts: Float64Array
}

function hasAllHistograms(seconds: readonly SecondSample[]): boolean {
  return seconds.length > 0 && seconds.every((s) => s.histogram !== undefined || s.requests === 0)
}

/** Every bucket value (µs) any second has, ascending: the index space all blocks share. */
function bucketValues(seconds: readonly SecondSample[]): number[] {
  const values = new Set<number>()
  for (const s of seconds) if (s.histogram) for (const v of s.histogram.buckets().values) values.add(v)
  return [...values].sort((a, b) => a - b)
}

/** Every block of L consecutive seconds (n - L + 1 of them), summed once with a sliding window. */
function blockSums(seconds: readonly SecondSample[], L: number, values: readonly number[]): Block[] {
  const indexOf = new Map(values.map((v, i) => [v, i]))
  const perSecond = seconds.map((s) => {
    const b = s.histogram ? s.histogram.buckets() : { values: [], counts: [] }
    return { indices: b.values.map((v) => indexOf.get(v)!), counts: b.counts }
  })
  const window = new Float64Array(values.length)
  let requests = 0
  let errors = 0
  const add = (i: number, sign: 1 | -1) => {
    requests += sign * seconds[i]!.requests
    errors += sign * seconds[i]!.errors
    const { indices, counts } = perSecond[i]!
    for (let j = 0; j < indices.length; j++) window[indices[j]!]! += sign * counts[j]!
  }
  const blocks: Block[] = []
  for (let end = 0; end < seconds.length; end++) {
    add(end, 1)
    if (end >= L) add(end - L, -1)
    if (end >= L - 1) blocks.push(snapshot(window, requests, errors))
  }
  return blocks
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    groups.set(k, [...(groups.get(k) ?? []), item])
  }
  return groups
}

function snapshot(window: Float64Array, requests: number, errors: number): Block {
  const indices: number[] = []
  const counts: number[] = []
  for (let i = 0; i < window.length; i++) {
    if (window[i]! > 0) {
      indices.push(i)
      counts.push(window[i]!)
    }
  }
  return { requests, errors, indices: Int32Array.from(indices), counts: Float64Array.from(counts) }
}

/** HDR's rule: the smallest value with at least p% of the count at or below it. */
function percentilesOf(dense: Float64Array, values: readonly number[], percentiles: readonly number[]): number[] {
  let total = 0
  for (let i = 0; i < dense.length; i++) total += dense[i]!
  if (total === 0) return percentiles.map(() => 0)
  const order = percentiles.map((p, k) => ({ k, rank: Math.max(1, Math.ceil((p / 100) * total - 1e-9)) })).sort((a, b) => a.rank - b.rank)
  const result = new Array<number>(percentiles.length).fill(values[values.length - 1] ?? 0)
  let seen = 0
  let next = 0
  for (let i = 0; i < dense.length && next < order.length; i++) {
    seen += dense[i]!
    while (next < order.length && seen >= order[next]!.rank) result[order[next++]!.k] = values[i]!
  }
  return result
}
