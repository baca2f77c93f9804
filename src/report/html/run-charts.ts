// What the run page's charts draw, computed from the summary here (not in the browser) so the
// page's script only draws: one point per second of the run for the timelines, the phases as
// bands, and the distribution's points.
import { sliceLatency } from '../summary-read.ts'
import type { SliceSummary, Summary } from '../summary-types.ts'
import { capacityChart, type CapacityChart } from './run-capacity.ts'
import { distributionFromHistogram, distributionFromPercentiles, type Distribution } from './distribution.ts'

export interface Timeline {
  /** Whole seconds since the run started, one per second of the run. */
  seconds: number[]
  requests: number[]
  errors: number[]
  /** Latency percentiles of each second, ms; null for a second without requests (a gap, not 0). */
  p50: (number | null)[]
  p90: (number | null)[] | null
  p99: (number | null)[]
  max: (number | null)[] | null
  /** Active threads (k6's vus). */
  vus: number[]
}

export interface PhaseBand {
  name: string
  scenario: string
  /** Seconds since the run started. */
  startS: number
  endS: number
}

export interface RunCharts {
  timeline: Timeline
  bands: PhaseBand[]
  distribution: Distribution
  /** A capacity run's hockey stick (run-capacity.ts). */
  capacity?: CapacityChart
}

export function runCharts(summary: Summary): RunCharts {
  const charts: RunCharts = { timeline: timelineOf(summary), bands: bandsOf(summary), distribution: distributionOf(summary.overall) }
  if (summary.capacity) charts.capacity = capacityChart(summary.capacity)
  return charts
}

export function timelineOf(summary: Summary): Timeline {
  const rows = summary.series
  const latency = (pick: (row: Summary['series'][number]) => number) =>
    rows.map((row) => (row.requests > 0 ? pick(row) : null))
  // p90 and max per second come from each second's histogram, which a /1 summary did not keep.
  const measured = rows.some((row) => row.histogram)
  return {
    seconds: rows.map((row) => row.second),
    requests: rows.map((row) => row.requests),
    errors: rows.map((row) => row.errors),
    p50: latency((row) => row.p50Ms),
    p90: measured ? latency((row) => row.p90Ms) : null,
    p99: latency((row) => row.p99Ms),
    max: measured ? latency((row) => row.maxMs) : null,
    vus: rows.map((row) => row.vus),
  }
}

export function bandsOf(summary: Summary): PhaseBand[] {
  return summary.phases.map((p) => ({ name: p.name, scenario: p.scenario, startS: p.startMs / 1000, endS: p.endMs / 1000 }))
}

/** From the slice's HDR histogram when the summary has one (/2), else its few percentiles (/1). */
export function distributionOf(slice: Pick<SliceSummary, 'histograms' | 'latency'>): Distribution {
  const histogram = sliceLatency(slice)
  return histogram ? distributionFromHistogram(histogram) : distributionFromPercentiles(slice.latency)
}
