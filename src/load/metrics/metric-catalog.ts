// The metrics a threshold (or a k6 user reading the JSON summary) can name, with k6's names where
// k6 has one, plus the custom metrics a scenario creates (custom-metrics.ts). A metric's type fixes
// which aggregates apply. Any tag may cut a metric (`http_req_duration{status:500}`,
// `{scenario:browse}`, `{group:::login}`, a request's own tags); `sampleTags` lists the built-in ones.

export type MetricType = 'trend' | 'rate' | 'counter' | 'gauge'

export interface MetricDefinition {
  type: MetricType
  /** The built-in tags this metric's samples carry (custom tags come on top). */
  sampleTags: readonly string[]
  description: string
  /** Trends only: values are milliseconds (shown with 'ms'). */
  time?: boolean
}

const REQUEST_TAGS = ['name', 'method', 'status', 'error', 'phase', 'scenario', 'group'] as const
const ITERATION_TAGS = ['phase', 'scenario'] as const

export const METRICS: Readonly<Record<string, MetricDefinition>> = {
  http_req_duration: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'request latency, start to end of body (ms); in rate phases from the scheduled start' },
  http_req_waiting: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'time to first byte after sending (ms)' },
  http_req_connecting: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'TCP connect time, new connections only (ms)' },
  http_req_receiving: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'time to read the body (ms)' },
  http_req_duration_uncorrected: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'rate phases: latency from the actual send, not the scheduled start (ms)' },
  server_time: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'time inside the app, from Server-Timing (ms)' },
  network_time: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'latency minus server time (ms)' },
  http_req_failed: { type: 'rate', sampleTags: REQUEST_TAGS, description: 'share of requests without a 2xx/3xx answer' },
  checks: { type: 'rate', sampleTags: ['check', 'phase', 'scenario', 'group'], description: 'share of checks that passed' },
  http_reqs: { type: 'counter', sampleTags: REQUEST_TAGS, description: 'requests sent' },
  data_received: { type: 'counter', sampleTags: REQUEST_TAGS, description: 'bytes received as they crossed the wire: status line or HTTP/2 frames, headers, body' },
  data_sent: { type: 'counter', sampleTags: REQUEST_TAGS, description: 'bytes sent as they crossed the wire: request line or HTTP/2 frames, headers, body' },
  cold_starts: { type: 'counter', sampleTags: REQUEST_TAGS, description: 'responses carrying X-Cold-Start: 1' },
  iterations: { type: 'counter', sampleTags: ITERATION_TAGS, description: 'iterations completed' },
  dropped_iterations: { type: 'counter', sampleTags: ITERATION_TAGS, description: 'rate-phase iterations that could not start' },
}

/** Aggregates per type; `p(N)` (0 <= N <= 100) is also allowed for trends. */
export const AGGREGATES: Readonly<Record<MetricType, readonly string[]>> = {
  trend: ['avg', 'min', 'med', 'max'],
  rate: ['rate'],
  counter: ['count', 'rate'],
  gauge: ['value', 'min', 'max'],
}

/** The trend values every summary carries (k6's default trend stats plus p(99)). */
export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'] as const

/** The metric key as k6 prints it: `name` or `name{tag:value,tag:value}` (tags sorted). */
export function metricKey(name: string, tags: Readonly<Record<string, string>>): string {
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b))
  if (entries.length === 0) return name
  return `${name}{${entries.map(([tag, value]) => `${tag}:${value}`).join(',')}}`
}
