// The latency distribution as HdrHistogram plots it: latency against percentile, with the
// percentile on a log axis of x = 1 / (1 - p), so 90%, 99%, 99.9% and 99.99% sit one step apart
// and the tail, where load problems show, gets as much room as the median.
import type { LatencyHistogram } from '../../load/metrics/latency-histogram.ts'
import type { LatencySummary } from '../summary-types.ts'
import { usToMs } from '../slice-summary.ts'

export interface Distribution {
  /** `histogram`: read from the run's HDR histogram; `percentiles`: only the summary's few (schema /1). */
  source: 'histogram' | 'percentiles'
  count: number
  /** 1 / (1 - p) for each point, increasing; the last point is the maximum at x = count. */
  x: number[]
  /** Latency at each point, ms. */
  ms: number[]
}

/** Points per factor of ten on the x axis: smooth at any zoom, 100 points for 100,000 requests. */
const STEPS_PER_DECADE = 20

/** x = 1/(1-p) of each plotted percentile: 1 (p = 0) up to `count` (a histogram cannot say more). */
export function percentileGrid(count: number): number[] {
  const grid: number[] = []
  for (let i = 0; ; i++) {
    const x = 10 ** (i / STEPS_PER_DECADE)
    if (x >= count) break
    grid.push(x)
  }
  if (count >= 1) grid.push(count)
  return grid
}

/** The percent for an x of the grid: 10 -> 90, 100 -> 99. */
export function percentOf(x: number): number {
  return 100 * (1 - 1 / x)
}

export function distributionFromHistogram(histogram: LatencyHistogram): Distribution {
  const count = histogram.count
  const x = percentileGrid(count)
  // The last point is the exact maximum, which HDR's buckets only approximate.
  const ms = x.map((at, i) => usToMs(i === x.length - 1 ? histogram.max : histogram.percentile(percentOf(at))))
  return { source: 'histogram', count, x, ms }
}

/**
 * Without a histogram (a schema /1 summary) the plot has the summary's percentiles only: min,
 * p50, p90, p95, p99, p99.9 and max, each where its x falls within the run's request count.
 */
export function distributionFromPercentiles(latency: LatencySummary): Distribution {
  const { count } = latency
  const known: [number, number][] = [[1, latency.min], [2, latency.p50], [10, latency.p90], [20, latency.p95], [100, latency.p99], [1000, latency.p999]]
  const points = count === 0 ? [] : known.filter(([x]) => x < count)
  if (count >= 1) points.push([count, latency.max])
  return { source: 'percentiles', count, x: points.map(([x]) => x), ms: points.map(([, ms]) => ms) }
}
