// A moving-block bootstrap over a run's seconds. Seconds of a load test are not independent (a
// slow second tends to follow a slow second: GC, a queue building up), so resampling single
// seconds would understate the noise; resampling blocks of consecutive seconds keeps that
// dependence inside each block. Each resample strings together ceil(n / L) blocks of L seconds
// whose starts are drawn uniformly, and computes every statistic on the resampled seconds:
// throughput and error rate from their counts, percentiles from their merged histograms.
import type { LatencyHistogram } from '../../load/metrics/latency-histogram.ts'
import { seededRandom } from '../../load/random.ts'

/** One second as the bootstrap sees it. */
export interface SecondSample {
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

/** The block length for n seconds: √n, at least 1 (docs/results.md explains the choice). */
export function blockLength(n: number): number {
  return Math.max(1, Math.round(Math.sqrt(n)))
}

/**
 * `resamples` bootstrap replicates of the statistics of `seconds`, reproducible from `seed`.
 * `percentiles` (0..100) are read from the merged per-second histograms of each replicate.
 */
export function bootstrapSeconds(seconds: readonly SecondSample[], percentiles: readonly number[], resamples: number, seed: number): SecondStats[] {
  const n = seconds.length
  const L = blockLength(n)
  const blocks = blockSums(seconds, L)
  const random = seededRandom(seed)
  const count = Math.ceil(n / L)
  const dense = new Float64Array(blocks.values.length)
  const replicates: SecondStats[] = []
  for (let b = 0; b < resamples; b++) {
    let requests = 0
    let errors = 0
    dense.fill(0)
    for (let k = 0; k < count; k++) {
      const block = blocks.blocks[Math.floor(random() * blocks.blocks.length)]!
      requests += block.requests
      errors += block.errors
      for (let j = 0; j < block.indices.length; j++) dense[block.indices[j]!]! += block.counts[j]!
    }
    replicates.push({
      throughput: requests / (count * L),
      errorRate: requests === 0 ? 0 : errors / requests,
      percentiles: blocks.hasHistograms ? percentilesOf(dense, blocks.values, percentiles) : undefined,
    })
  }
  return replicates
}

/** The same statistics on the seconds as measured (no resampling). */
export function secondStats(seconds: readonly SecondSample[], percentiles: readonly number[]): SecondStats {
  const blocks = blockSums(seconds, seconds.length)
  const block = blocks.blocks[0]
  if (!block) return { throughput: 0, errorRate: 0, percentiles: undefined }
  const dense = new Float64Array(blocks.values.length)
  for (let j = 0; j < block.indices.length; j++) dense[block.indices[j]!] = block.counts[j]!
  return {
    throughput: block.requests / seconds.length,
    errorRate: block.requests === 0 ? 0 : block.errors / block.requests,
    percentiles: blocks.hasHistograms ? percentilesOf(dense, blocks.values, percentiles) : undefined,
  }
}

interface Block {
  requests: number
  errors: number
  /** Sparse merged histogram of the block's seconds: indices into BlockSet.values, counts. */
  indices: Int32Array
  counts: Float64Array
}

interface BlockSet {
  blocks: Block[]
  /** Every bucket value (µs) any second has, ascending: the shared index space. */
  values: number[]
  hasHistograms: boolean
}

/** Every block of L consecutive seconds (n - L + 1 of them), summed once with a sliding window. */
function blockSums(seconds: readonly SecondSample[], L: number): BlockSet {
  const hasHistograms = seconds.length > 0 && seconds.every((s) => s.histogram !== undefined || s.requests === 0)
  const sparse = seconds.map((s) => (hasHistograms && s.histogram ? s.histogram.buckets() : { values: [], counts: [] }))
  const values = [...new Set(sparse.flatMap((b) => b.values))].sort((a, b) => a - b)
  const indexOf = new Map(values.map((v, i) => [v, i]))
  const perSecond = sparse.map((b) => ({ indices: b.values.map((v) => indexOf.get(v)!), counts: b.counts }))
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
  return { blocks, values, hasHistograms }
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
