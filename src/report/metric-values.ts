// k6-style metric values (`http_req_duration{name:/x}` -> { avg, med, p(95), ... }) computed from
// RunMetrics, so that thresholds can name any percentile and any phase or endpoint.
import { LatencyHistogram } from '../load/metrics/latency-histogram.ts'
import { DEFAULT_TREND_STATS, METRICS } from '../load/metrics/metric-catalog.ts'
import { RequestStats } from '../load/metrics/request-stats.ts'
import type { TimingName } from '../load/metrics/request-stats.ts'
import type { PhaseMetrics, RunMetrics } from '../load/metrics/run-metrics.ts'
import { perSecond, round3, usToMs } from './slice-summary.ts'
import type { MetricSummary } from './summary-types.ts'

const TREND_SOURCES: Record<string, TimingName | 'latency'> = {
  http_req_duration: 'latency',
  http_req_waiting: 'waiting',
  http_req_connecting: 'connecting',
  http_req_receiving: 'receiving',
  server_time: 'server',
  network_time: 'network',
}

const REQUEST_COUNTERS: Record<string, (stats: RequestStats) => number> = {
  http_reqs: (s) => s.requests,
  data_received: (s) => s.bytesIn,
  data_sent: (s) => s.bytesOut,
  cold_starts: (s) => s.coldStarts,
}

/** The run's phase durations, used as the time base of a `{phase:...}` counter's rate. */
export function phaseSpanMs(phase: PhaseMetrics): number {
  const start = phase.startMs ?? phase.firstMs ?? 0
  const end = phase.endMs ?? phase.lastMs ?? start
  return Math.max(0, end - start)
}

/**
 * Values of metric `name` restricted to `tags`; `extraAggregates` adds percentiles beyond the
 * defaults (e.g. `p(97.5)`). Values are empty when the metric has no data.
 */
export function metricValues(
  metrics: RunMetrics,
  wallMs: number,
  name: string,
  tags: Record<string, string>,
  extraAggregates: readonly string[] = [],
): MetricSummary {
  const type = METRICS[name].type
  if (name === 'checks') return { type, values: checkValues(metrics, tags.check) }
  if (name === 'iterations' || name === 'dropped_iterations') {
    return { type, values: iterationValues(metrics, wallMs, name, tags.phase) }
  }
  const { stats, spanMs } = requestSlice(metrics, wallMs, tags)
  if (type === 'trend') return { type, values: trendValues(histogramOf(stats, name), extraAggregates) }
  if (type === 'rate') {
    return { type, values: stats.requests === 0 ? {} : { rate: stats.failures / stats.requests, passes: stats.failures, fails: stats.successes } }
  }
  const count = REQUEST_COUNTERS[name](stats)
  return { type, values: { count, rate: round3(perSecond(count, spanMs)) } }
}

function histogramOf(stats: RequestStats, name: string): LatencyHistogram | undefined {
  const source = TREND_SOURCES[name]
  return source === 'latency' ? stats.latency : stats.timings.get(source)
}

function trendValues(histogram: LatencyHistogram | undefined, extra: readonly string[]): Record<string, number> {
  if (!histogram || histogram.count === 0) return {}
  const values: Record<string, number> = {}
  for (const aggregate of new Set([...DEFAULT_TREND_STATS, ...extra])) {
    values[aggregate] = usToMs(trendAggregate(histogram, aggregate))
  }
  return values
}

function trendAggregate(h: LatencyHistogram, aggregate: string): number {
  if (aggregate === 'avg') return h.mean
  if (aggregate === 'min') return h.min
  if (aggregate === 'max') return h.max
  if (aggregate === 'med') return h.percentile(50)
  return h.percentile(Number(/^p\((.*)\)$/.exec(aggregate)?.[1] ?? NaN))
}

/** The requests a tag set selects, and the time span they were spread over. */
function requestSlice(metrics: RunMetrics, wallMs: number, tags: Record<string, string>): { stats: RequestStats; spanMs: number } {
  if (tags.phase !== undefined) {
    const phase = metrics.phases.get(tags.phase)
    return phase ? { stats: phase.stats, spanMs: phaseSpanMs(phase) } : { stats: new RequestStats(), spanMs: 0 }
  }
  if (tags.name === undefined && tags.method === undefined) return { stats: metrics.overall, spanMs: wallMs }
  const stats = new RequestStats()
  for (const [name, methods] of metrics.endpoints) {
    if (tags.name !== undefined && name !== tags.name) continue
    for (const [method, endpoint] of methods) {
      if (tags.method === undefined || method.toUpperCase() === tags.method.toUpperCase()) stats.merge(endpoint)
    }
  }
  return { stats, spanMs: wallMs }
}

function checkValues(metrics: RunMetrics, check: string | undefined): Record<string, number> {
  let passes = 0
  let fails = 0
  for (const [name, counts] of metrics.checks) {
    if (check !== undefined && name !== check) continue
    passes += counts.passes
    fails += counts.fails
  }
  return passes + fails === 0 ? {} : { rate: passes / (passes + fails), passes, fails }
}

function iterationValues(metrics: RunMetrics, wallMs: number, name: string, phaseName: string | undefined): Record<string, number> {
  let count = 0
  let spanMs = wallMs
  for (const phase of metrics.phases.values()) {
    if (phaseName !== undefined && phase.name !== phaseName) continue
    count += name === 'iterations' ? phase.iterations : phase.dropped
    if (phaseName !== undefined) spanMs = phaseSpanMs(phase)
  }
  if (phaseName !== undefined && !metrics.phases.has(phaseName)) spanMs = 0
  return { count, rate: round3(perSecond(count, spanMs)) }
}
