// Encoded histograms of equal content may differ as text (HDR's header keeps the range an
// auto-resized histogram grew to): tests compare summaries with every encoded histogram replaced
// by what it holds.
import { LatencyHistogram } from '../../src/load/metrics/latency-histogram.ts'

const ENCODED = /^[23];[-\d.e+]+;[-\d.e+]+;[-\d.e+]+;[-\d.e+]+;HIST/

/** `value` with each encoded histogram string replaced by its count, sum and percentiles. */
export function decodedHistograms(value: unknown): unknown {
  if (typeof value === 'string' && ENCODED.test(value)) {
    const h = LatencyHistogram.decode(value)
    return { count: h.count, mean: h.mean, min: h.min, max: h.max, percentiles: [1, 10, 50, 90, 99, 99.9].map((p) => h.percentile(p)) }
  }
  if (Array.isArray(value)) return value.map(decodedHistograms)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodedHistograms(v)]))
  return value
}
