// The rows of a comparison: what each reads of a summary, and which get a verdict. One list for
// both ways of judging (compare-runs.ts: one run a side; replicated.ts: several).
import type { Summary } from '../summary-types.ts'
import type { SecondStats } from './block-bootstrap.ts'
import type { ComparisonRow } from './comparison-types.ts'

/** The percentiles with a verdict, and where they sit in SecondStats.percentiles. */
export const PERCENTILES = [50, 90, 95, 99] as const

export interface RowSpec {
  key: string
  label: string
  unit: ComparisonRow['unit']
  better: ComparisonRow['better']
  value: (s: Summary) => number
  /** The bootstrap statistic this row is judged on (µs for percentiles); none: shown only. */
  stat?: (s: SecondStats) => number | undefined
  /** µs to ms for percentile statistics. */
  scale?: number
  /** The latency percentile (0..100) this row is, for the tail rule (judgeable.ts). */
  percentile?: number
}

export const ROWS: RowSpec[] = [
  { key: 'requests', label: 'Requests', unit: 'count', better: null, value: (s) => s.overall.requests },
  { key: 'successful', label: 'Successful', unit: 'count', better: null, value: (s) => s.overall.successful },
  { key: 'wallMs', label: 'Wall time (ms)', unit: 'ms', better: null, value: (s) => s.wallMs },
  { key: 'throughput', label: 'Throughput (req/s)', unit: 'req/s', better: 'higher', value: (s) => s.overall.throughput, stat: (x) => x.throughput },
  { key: 'errorRate', label: 'Error rate', unit: 'ratio', better: 'lower', value: (s) => s.overall.failedRate, stat: (x) => x.errorRate },
  { key: 'mean', label: 'Mean (ms)', unit: 'ms', better: null, value: (s) => s.overall.latency.mean },
  ...PERCENTILES.map((p, k): RowSpec => ({
    key: `p${p}`, label: `p${p} (ms)`, unit: 'ms', better: 'lower', value: (s) => s.overall.latency[`p${p}`], stat: (x) => x.percentiles?.[k], scale: 1 / 1000, percentile: p,
  })),
  { key: 'max', label: 'Max (ms)', unit: 'ms', better: null, value: (s) => s.overall.latency.max },
  { key: 'coldStarts', label: 'Cold starts', unit: 'count', better: null, value: (s) => s.overall.coldStarts },
]

/** The rows judged together in one comparison of two columns: the family whose error rate is controlled. */
export const JUDGED_ROWS = ROWS.filter((row) => row.stat).length
