// The metrics a threshold (or a k6 user reading the JSON summary) can name, with k6's names where
// k6 has one. A metric's type fixes which aggregates apply; `tags` lists the tags it can be cut by.

export type MetricType = 'trend' | 'rate' | 'counter'

export interface MetricDefinition {
  type: MetricType
  /** Tags this metric can be filtered by, as in `http_req_duration{name:/current/:id}`. */
  tags: readonly string[]
  description: string
}

const REQUEST_TAGS = ['name', 'method', 'phase'] as const

export const METRICS: Readonly<Record<string, MetricDefinition>> = {
  http_req_duration: { type: 'trend', tags: REQUEST_TAGS, description: 'request latency, start to end of body (ms)' },
  http_req_waiting: { type: 'trend', tags: REQUEST_TAGS, description: 'time to first byte after sending (ms)' },
  http_req_connecting: { type: 'trend', tags: REQUEST_TAGS, description: 'TCP connect time, new connections only (ms)' },
  http_req_receiving: { type: 'trend', tags: REQUEST_TAGS, description: 'time to read the body (ms)' },
  server_time: { type: 'trend', tags: REQUEST_TAGS, description: 'time inside the app, from Server-Timing (ms)' },
  network_time: { type: 'trend', tags: REQUEST_TAGS, description: 'latency minus server time (ms)' },
  http_req_failed: { type: 'rate', tags: REQUEST_TAGS, description: 'share of requests without a 2xx/3xx answer' },
  checks: { type: 'rate', tags: ['check'], description: 'share of checks that passed' },
  http_reqs: { type: 'counter', tags: REQUEST_TAGS, description: 'requests sent' },
  data_received: { type: 'counter', tags: REQUEST_TAGS, description: 'response bytes received' },
  data_sent: { type: 'counter', tags: REQUEST_TAGS, description: 'request bytes sent' },
  cold_starts: { type: 'counter', tags: REQUEST_TAGS, description: 'responses carrying X-Cold-Start: 1' },
  iterations: { type: 'counter', tags: ['phase'], description: 'iterations completed' },
  dropped_iterations: { type: 'counter', tags: ['phase'], description: 'rate-phase iterations that could not start' },
}

/** Aggregates per type; `p(N)` (0 <= N <= 100) is also allowed for trends. */
export const AGGREGATES: Readonly<Record<MetricType, readonly string[]>> = {
  trend: ['avg', 'min', 'med', 'max'],
  rate: ['rate'],
  counter: ['count', 'rate'],
}

/** The trend values every summary carries (k6's default trend stats plus p(99)). */
export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'] as const

/** The metric key as k6 prints it: `name` or `name{tag:value,tag:value}` (tags sorted). */
export function metricKey(name: string, tags: Readonly<Record<string, string>>): string {
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b))
  if (entries.length === 0) return name
  return `${name}{${entries.map(([tag, value]) => `${tag}:${value}`).join(',')}}`
}
