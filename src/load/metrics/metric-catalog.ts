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

const REQUEST_TAGS = ['name', 'method', 'status', 'error', 'expected_response', 'phase', 'scenario', 'group'] as const
const ITERATION_TAGS = ['phase', 'scenario'] as const
const GROUP_TAGS = ['group', 'phase', 'scenario'] as const

export const METRICS: Readonly<Record<string, MetricDefinition>> = {
  http_req_duration: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'request latency, start to end of body (ms); in rate phases from the scheduled start' },
  http_req_blocked: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'waiting before the request went out: for a connection (opening it: TCP and TLS) or behind another request on it (ms)' },
  http_req_connecting: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'TCP connect time, new connections only (k6 also counts each reused one as 0) (ms)' },
  http_req_tls_handshaking: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'TLS handshake time, new https connections only (ms)' },
  http_req_sending: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'handing the request to the socket (ms)' },
  http_req_waiting: { type: 'trend', time: true, sampleTags: REQUEST_TAGS, description: 'time to first byte after sending (ms)' },
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
  iterations: { type: 'counter', sampleTags: ITERATION_TAGS, description: 'iterations completed (interrupted ones apart, as k6)' },
  iteration_duration: { type: 'trend', time: true, sampleTags: ITERATION_TAGS, description: 'time of one complete iteration, start to end, think time included (ms)' },
  group_duration: { type: 'trend', time: true, sampleTags: GROUP_TAGS, description: 'time of one run through a group (ms)' },
  vus: { type: 'gauge', sampleTags: [], description: 'threads running iterations (k6 VUs), sampled 10 times a second' },
  vus_max: { type: 'gauge', sampleTags: [], description: 'threads that existed at once, running or parked (k6\'s initialized VUs)' },
  dropped_iterations: { type: 'counter', sampleTags: ITERATION_TAGS, description: 'rate-phase iterations that could not start' },
}

/** k6's built-in tags edgeload does not have: a threshold naming one is refused (it could only say "no data"). */
const K6_TAGS_NOT_HERE: Readonly<Record<string, string>> = {
  url: 'requests are named by `name` (a request\'s name option or tags.name), not by URL',
  proto: 'the protocol is not a tag here',
  subproto: 'WebSockets are not supported',
  tls_version: 'the TLS version is not a tag here',
  ip: 'the remote address is not a tag here',
  ocsp_status: 'OCSP is not checked',
  vu: 'per-thread tags are not kept',
  iter: 'per-iteration tags are not kept',
  service: 'gRPC is not supported',
  rpc_type: 'gRPC is not supported',
}

const BUILT_IN_TAGS = new Set(Object.values(METRICS).flatMap((m) => m.sampleTags).concat('check'))

/**
 * Why metric `name`'s samples can never carry `tag` (a problem for the threshold naming it), or
 * undefined: a tag of its own, or a custom one (a request's, a scenario's or an `add`'s tags).
 */
export function tagProblem(name: string, tag: string, value: string): string | undefined {
  const own = METRICS[name]?.sampleTags
  if (K6_TAGS_NOT_HERE[tag]) return `tag "${tag}": ${K6_TAGS_NOT_HERE[tag]}`
  if (own && !own.includes(tag) && BUILT_IN_TAGS.has(tag)) {
    return `tag "${tag}": ${name} samples do not carry it (they carry ${own.length ? own.join(', ') : 'no tags'}, and custom tags)`
  }
  if (own && own.length === 0) return `tag "${tag}": ${name} samples carry no tags`
  if (tag === 'expected_response' && value !== 'true' && value !== 'false') return `tag "expected_response" is true or false, got "${value}"`
  return undefined
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
