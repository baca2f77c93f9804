/**
 * The scenario file format (docs/scenarios.md). A scenario module's default export is a
 * `Scenario`; everything a scenario author touches (http, ctx, responses) is typed here.
 */
import type { ErrorKind } from './metrics/request-record.ts'
import type { ResponseCallback } from './http/response-callback.ts'

/** '30s', '1m30s', '500ms', '2h'; a bare number means milliseconds. */
export type Duration = string | number

/** A header map as scenario authors write it. */
export type Headers = Record<string, string>

/** What a request may carry: text, bytes, or any other value sent as JSON. */
export type RequestBody = string | Uint8Array | ArrayBuffer | URLSearchParams | object | number | boolean | null | undefined

export interface RequestOptions {
  /** Groups requests in the per-endpoint table, e.g. '/current/:id' rather than every URL. */
  name?: string
  headers?: Headers
  /** Overrides the run's per-request timeout (default 30 s, `--timeout`). */
  timeout?: Duration
  /** 'text' (default) decodes the body; 'binary' keeps bytes; 'none' discards it (fastest). */
  responseType?: 'text' | 'binary' | 'none'
  /** Tags on this request's metrics, for thresholds such as `http_req_duration{kind:read}`. */
  tags?: Record<string, string>
  /** Redirects to follow (default: the scenario's `maxRedirects`, else 10, as k6); 0 returns the 3xx as it is. */
  redirects?: number
  /**
   * false: this request neither sends the thread's cookies nor keeps what it sets; an object of
   * name: value adds those cookies to this request only (k6's `cookies` param).
   */
  cookies?: false | Record<string, string>
  /** Which statuses count as expected for this request (k6's responseCallback): `expectedStatuses(...)`. */
  responseCallback?: ResponseCallback | null
}

/** One request of `http.batch`: `[method, path, body?, options?]` or an object as k6 writes it. */
export type BatchRequest =
  | [method: string, path: string, body?: RequestBody, options?: RequestOptions]
  | { method: string; url: string; body?: RequestBody; params?: RequestOptions }

/** Per-request timings in milliseconds (fractional, microsecond resolution). */
export interface Timings {
  /** Time to open the connection, when this request opened one. */
  connect?: number
  /** From the send (or the connection's opening, when this request opened it) to the response headers. */
  waiting: number
  /** From the response headers to the last byte. */
  receiving: number
  /** The latency recorded for this request. */
  duration: number
  /** The server's own time from `Server-Timing: app;dur=...`, when sent. */
  server?: number
}

export interface HttpResponse {
  /** Where the request ended: the URL of the last answer, after any redirects followed. */
  readonly url: string
  /** How many redirects were followed to get this answer. */
  readonly redirects: number
  /** 'HTTP/1.1' or 'HTTP/2.0', as k6 names them; '' when no connection was made. */
  readonly protocol: string
  /** HTTP status; 0 when no response arrived (see `error`). */
  readonly status: number
  /** True for 2xx and 3xx. */
  readonly ok: boolean
  /** The decoded body, decompressed per Content-Encoding ('' with responseType 'none'); throws on corrupt compressed bytes. */
  readonly body: string
  /** The body bytes (decompressed) with responseType 'binary'. */
  readonly bytes: Uint8Array | undefined
  /** Response headers, names in lower case. */
  readonly headers: Record<string, string>
  readonly timings: Timings
  /** Why no response arrived: 'refused', 'reset', 'timeout', 'dns', 'bad_response', ... */
  readonly error: ErrorKind | undefined
  readonly errorMessage: string | undefined
  /** The body parsed as JSON (throws on invalid JSON, like fetch's json()). */
  json<T = unknown>(): T
}

/** The `http` object an iteration receives; each thread has its own keep-alive connection. */
export interface Http {
  get(path: string, options?: RequestOptions): Promise<HttpResponse>
  post(path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse>
  put(path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse>
  patch(path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse>
  del(path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse>
  head(path: string, options?: RequestOptions): Promise<HttpResponse>
  options(path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse>
  /**
   * Sends the requests in parallel, each on a connection of its own (the thread opens extra
   * ones, at most 6 per origin as k6's batchPerHost), so no latency includes waiting behind
   * another request of the same batch. Answers come in the order of the requests.
   */
  batch(requests: BatchRequest[]): Promise<HttpResponse[]>
  request(method: string, path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse>
}

/** A named predicate on a response, as in k6's `check(res, { 'status is 200': r => r.status === 200 })`. */
export type Checks<R = HttpResponse> = Record<string, (res: R) => boolean>

export interface SetupContext {
  env: Record<string, string | undefined>
  /** Seeded: the same `--seed` gives the same numbers. */
  random: () => number
}

export interface IterationContext<Data = unknown> extends SetupContext {
  /** Thread (virtual user) id, unique in the run, from 1. */
  vu: number
  /** 0-based count of the iterations this thread started in this phase. */
  iteration: number
  /** The phase's name (with `scenarios`, the scenario's). */
  phase: string
  /** The scenario's name: 'default' for the `phases` form. */
  scenario: string
  /** What `setup()` returned. */
  data: Data
  /**
   * Records each named check as passed or failed; true when all passed. `tags` go on its
   * `checks` samples (for thresholds such as `checks{kind:login}`), as k6's third argument.
   */
  check<R>(res: R, checks: Checks<R>, tags?: Record<string, string>): boolean
  /**
   * Think time: waits `ms` (or a duration such as '1s'). Never counted as request latency; in a
   * rate phase the scheduled start moves by the time slept.
   */
  sleep(ms: Duration): Promise<void>
  /** Runs `fn` with its requests and checks tagged `group: '::name'` (nested: '::outer::inner'), as k6's group(). */
  group<T>(name: string, fn: () => T | Promise<T>): Promise<T>
  /** The thread's cookie jar, as k6's `http.cookieJar()`. */
  readonly cookies: CookieAccess
}

/** Options of a cookie set by hand (`ctx.cookies.set`), as k6's `jar.set` takes them. */
export interface CookieOptions {
  domain?: string
  path?: string
  /** An HTTP date or a Date. */
  expires?: string | Date
  /** Seconds. */
  maxAge?: number
  secure?: boolean
  httpOnly?: boolean
}

/** The thread's cookie jar: cleared before each iteration unless the scenario sets `noCookiesReset`. */
export interface CookieAccess {
  /** The cookies a request to `url` would send, name to value (a path is resolved against the target). */
  get(url: string): Record<string, string>
  /** k6's name: the same as `get`, each value in an array. */
  cookiesForURL(url: string): Record<string, string[]>
  set(url: string, name: string, value: string, options?: CookieOptions): void
  /** Removes the cookies a request to `url` would send. */
  clear(url: string): void
  delete(url: string, name: string): void
}

/** A client certificate for TLS origins (k6's tlsAuth); PEM text or a file (relative to the working directory). */
export interface TlsAuth {
  /** Host names it is offered to; default every host. */
  domains?: string[]
  cert?: string
  key?: string
  certFile?: string
  keyFile?: string
  passphrase?: string
}

/** Fields every phase may set, besides its executor's (phase-plan.ts PHASE_COMMON). */
export interface PhaseCommon {
  name: string
  /** Share of the scenario's max threads: floor(share * max), at least 1. Default 1. */
  threads?: number
  /**
   * Start the next phase once this share of the phase is done: of its threads for an
   * iterations phase, of its time for duration and rate phases. Default 1 (all done).
   */
  startNext?: number
  /** Tags on every metric of this phase. */
  tags?: Record<string, string>
  /** k6's names for maxThreads and preAllocatedThreads (open-model phases). */
  maxVUs?: number
  preAllocatedVUs?: number
}

/** A linear ramp: from the previous target to `target` over `duration` (k6's stages). */
export interface Stage {
  duration: Duration
  target: number
}

/**
 * A phase's own fields, by executor. Each executor module (src/load/executors/, listed in its
 * registry) adds its phase type here by declaration merging, so an executor's kind and fields
 * are written once, in its module (ARCHITECTURE.md, "Adding an executor").
 */
export interface PhaseTypes {}

export type Phase = PhaseTypes[keyof PhaseTypes]
/** Every kind a phase may name: the executors' names and their k6 aliases. */
export type PhaseKind = NonNullable<Phase['kind']>

/**
 * One of several scenarios run in parallel, as k6 writes them: `executor` (k6 names or ours),
 * its fields (`vus`, `iterations`, `duration`, `stages`, `rate`, `timeUnit`, `preAllocatedVUs`,
 * `maxVUs`, ...; thread counts here are absolute), `startTime`, `exec` and `tags`.
 */
export interface ScenarioConfig {
  executor: string
  /** The iteration function, or the name of a function the module exports (k6). Default: `iteration`. */
  exec?: string | IterationFunction
  /** When to start, from the run's start. Default 0. */
  startTime?: Duration
  /** Tags on every metric of this scenario. */
  tags?: Record<string, string>
  [field: string]: unknown
}

export type IterationFunction<Data = any> = (http: Http, ctx: IterationContext<Data>) => void | Promise<void>

export interface Scenario<Data = any> {
  name?: string
  /** Base URL; `--target` overrides it; without both the embedded handler is started. */
  target?: string
  /** Max threads; `--threads` overrides. Default 1. */
  threads?: number
  /** Iterations per thread in each iterations phase that sets none; `--iterations` overrides. */
  iterations?: number
  /** Makes phases without their own kind duration phases; `--duration` overrides. */
  duration?: Duration
  /** Per-request timeout; `--timeout` overrides. Default 30 s. */
  timeout?: Duration
  /** Seed of `ctx.random`; `--seed` overrides. */
  seed?: number
  /** Headers sent with every request. */
  headers?: Headers
  /** Redirects each request follows (k6's maxRedirects). Default 10. */
  maxRedirects?: number
  /** Keep each thread's cookies across iterations (k6's noCookiesReset). Default false: cleared per iteration. */
  noCookiesReset?: boolean
  /** false: no `Accept-Encoding: gzip, deflate, br` by default. Compressed answers are decoded either way. */
  compression?: boolean
  /** Accept any TLS certificate (self-signed, expired, another host's), as k6; `--insecure` sets it. */
  insecureSkipTLSVerify?: boolean
  /** Client certificates (k6's tlsAuth). */
  tlsAuth?: TlsAuth[]
  /**
   * HTTP/2: true (default) offers h2 by ALPN on https origins; false keeps to HTTP/1.1; 'h2c'
   * speaks HTTP/2 without TLS to http origins (prior knowledge). `{ streams: N }` (h2 by ALPN,
   * or `h2c: true`) lets up to N requests share one connection at once, as browsers do; its
   * latencies then include waiting behind other streams (docs/http-client.md).
   */
  http2?: boolean | 'h2c' | { streams?: number; h2c?: boolean }
  /**
   * Which statuses count as expected (k6's responseCallback, `expectedStatuses(200, { min: 300,
   * max: 399 })`): decides http_req_failed and the expected_response tag. Default 200 to 399;
   * null: only errors fail.
   */
  responseCallback?: ResponseCallback | null
  /** Default: one phase named 'Main' with every thread. */
  phases?: Phase[]
  /** k6's shortcut: one ramping-threads phase named 'Main' following these stages. */
  stages?: Stage[]
  /** Named scenarios run in parallel, each with its own executor (instead of `phases`). */
  scenarios?: Record<string, ScenarioConfig>
  /**
   * k6 syntax: { http_req_duration: ['p(95)<200'], 'http_reqs{status:500}': ['count<10'],
   * http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '10s' }],
   * 'http_req_duration{scenario:browse}': [{ threshold: 'p(99)<300', window: '10s' }] }.
   */
  thresholds?: Record<string, ThresholdInput | ThresholdInput[]>
  /** Runs once before the phases; its result is `ctx.data`. Its requests are not measured. */
  setup?(http: Http, ctx: SetupContext): Data | Promise<Data>
  /** Runs once after the phases, even after Ctrl-C. Its requests are not measured. */
  teardown?(data: Data, http: Http, ctx: SetupContext): void | Promise<void>
  /** What one iteration does; optional when every scenario names its own `exec`. */
  iteration?: IterationFunction<Data>
}

export type ThresholdInput = string | {
  threshold: string
  abortOnFail?: boolean
  /** Wait this long (from the run's start) before a failure may abort the run. */
  delayAbortEval?: Duration
  /** Fails when any window of this length breaches, not only the whole run. */
  window?: Duration
}
