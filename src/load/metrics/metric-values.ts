// k6-style values of the run's untagged built-in metrics (`http_req_duration` -> { avg, med,
// p(95), ... }), from RunMetrics' own slices; tagged cuts and custom metrics come from their
// sinks and aggregates. What the JSON summary's `metrics` map shows.
import { CounterAggregate, RateAggregate, TrendAggregate } from './aggregates.ts'
import type { LatencyHistogram } from './latency-histogram.ts'
import { METRICS } from './metric-catalog.ts'
import type { RequestStats, TimingName } from './request-stats.ts'
import type { RunMetrics } from './run-metrics.ts'

const TREND_SOURCES: Record<string, TimingName | 'latency'> = {
  http_req_duration: 'latency',
  http_req_waiting: 'waiting',
  http_req_connecting: 'connecting',
  http_req_blocked: 'blocked',
  http_req_tls_handshaking: 'tls',
  http_req_sending: 'sending',
  http_req_receiving: 'receiving',
  http_req_duration_uncorrected: 'uncorrected',
  server_time: 'server',
  network_time: 'network',
}

const REQUEST_COUNTERS: Record<string, (stats: RequestStats) => number> = {
  http_reqs: (s) => s.requests,
  data_received: (s) => s.bytesIn,
  data_sent: (s) => s.bytesOut,
  cold_starts: (s) => s.coldStarts,
}

/** Values of built-in metric `name` over the whole run; empty when it has no data. */
export function builtInValues(metrics: RunMetrics, wallMs: number, name: string): Record<string, number> {
  const type = METRICS[name]!.type
  const stats = metrics.overall
  if (name === 'iteration_duration') return metrics.iterationDuration.count ? new TrendAggregate(metrics.iterationDuration).values(wallMs) : {}
  if (name === 'group_duration') return metrics.groupDurations.size ? new TrendAggregate(metrics.allGroupDurations()).values(wallMs) : {}
  if (name === 'vus' || name === 'vus_max') return metrics.vusValues(name)
  if (type === 'trend') {
    const source = TREND_SOURCES[name]!
    const histogram: LatencyHistogram | undefined = source === 'latency' ? stats.latency : stats.timings.get(source)
    return histogram ? new TrendAggregate(histogram).values(wallMs) : {}
  }
  if (name === 'checks') {
    const rate = new RateAggregate()
    for (const counts of metrics.checks.values()) rate.merge(new RateAggregate(counts))
    return rate.values()
  }
  if (name === 'http_req_failed') return new RateAggregate({ passes: stats.unexpected, fails: stats.requests - stats.unexpected }).values()
  const counter = new CounterAggregate()
  if (name === 'iterations' || name === 'dropped_iterations') {
    for (const phase of metrics.phases.values()) counter.sum += name === 'iterations' ? phase.iterations : phase.dropped
  } else {
    counter.sum = REQUEST_COUNTERS[name]!(stats)
  }
  return counter.values(wallMs)
}
