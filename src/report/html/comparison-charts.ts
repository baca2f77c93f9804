// What the comparison page draws: each run's latency distribution and its per-second requests
// and p99, computed from the runs' summaries as the run page computes them (run-charts.ts).
import type { Summary } from '../summary-types.ts'
import type { Distribution } from './distribution.ts'
import { distributionOf, timelineOf } from './run-charts.ts'

export interface ComparedSeries {
  label: string
  distribution: Distribution
  /** One value per second of that run (runs may differ in length). */
  requests: number[]
  p99: (number | null)[]
}

export function comparisonCharts(runs: readonly { label: string; summary: Summary }[]): ComparedSeries[] {
  return runs.map(({ label, summary }) => {
    const timeline = timelineOf(summary)
    return { label, distribution: distributionOf(summary.overall), requests: timeline.requests, p99: timeline.p99 }
  })
}
