/**
 * The scenario file format (DESIGN section 5). A scenario module's default export is a
 * `Scenario`; everything a scenario author touches (http, ctx, responses) is typed here.
 */
import type { ErrorKind } from './metrics/run-metrics.ts'

/** '30s', '1m30s', '500ms', '2h'; a bare number means milliseconds. */
export type Duration = string | number

/** A header map as scenario authors write it. */
export type Headers = Record<string, string>

/** What a request may carry: text, bytes, or any other value sent as JSON. */
export type RequestBody = string | Uint8Array | ArrayBuffer | object | number | boolean | null | undefined

export interface RequestOptions {
  /** Groups requests in the per-endpoint table, e.g. '/current/:id' rather than every URL. */
  name?: string
  headers?: Headers
  /** Overrides the run's per-request timeout (default 30 s, `--timeout`). */
  timeout?: Duration
  /** 'text' (default) decodes the body; 'binary' keeps bytes; 'none' discards it (fastest). */
  responseType?: 'text' | 'binary' | 'none'
}

/** Per-request timings in milliseconds (fractional, microsecond resolution). */
export interface Timings {
  /** Time to open the connection, when this request opened one. */
  connect?: number
  /** From the start (or the scheduled start, in a rate phase) to the response headers. */
  waiting: number
  /** From the response headers to the last byte. */
  receiving: number
  /** The latency recorded for this request. */
  duration: number
  /** The server's own time from `Server-Timing: app;dur=...`, when sent. */
  server?: number
}

export interface HttpResponse {
  /** HTTP status; 0 when no response arrived (see `error`). */
  readonly status: number
  /** True for 2xx and 3xx. */
  readonly ok: boolean
  /** The decoded body ('' with responseType 'binary' or 'none'). */
  readonly body: string
  /** The body bytes with responseType 'binary'. */
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
  /** The phase's name. */
  phase: string
  /** What `setup()` returned. */
  data: Data
  /** Records each named check as passed or failed; true when all passed. */
  check<R>(res: R, checks: Checks<R>): boolean
}

interface PhaseCommon {
  name: string
  /** Share of the scenario's max threads: floor(share * max), at least 1. Default 1. */
  threads?: number
  /**
   * Start the next phase once this share of the phase is done: of its threads for an
   * iterations phase, of its time for duration and rate phases. Default 1 (all done).
   */
  startNext?: number
}

/** Closed model, the original client: each thread runs a fixed number of iterations. */
export interface IterationsPhase extends PhaseCommon {
  kind?: 'iterations'
  /** Per thread; defaults to the scenario's `iterations`. */
  iterations?: number
}

/** Closed model: threads loop until the time is up, then finish their current iteration. */
export interface DurationPhase extends PhaseCommon {
  kind?: 'duration'
  duration: Duration
}

/**
 * Open model: `rate` iterations start per second whatever the responses do. Threads are added
 * up to `maxThreads`; an iteration with no free thread at its scheduled time is dropped.
 */
export interface RatePhase extends PhaseCommon {
  kind?: 'rate'
  rate: number
  duration: Duration
  /** Default: the phase's share of the scenario's threads. */
  maxThreads?: number
  /** Threads created before the first tick. Default 1. */
  preAllocatedThreads?: number
}

export type Phase = IterationsPhase | DurationPhase | RatePhase
export type PhaseKind = 'iterations' | 'duration' | 'rate'

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
  /** Default: one phase named 'Main' with every thread. */
  phases?: Phase[]
  /** k6 syntax: { http_req_duration: ['p(95)<200'], http_req_failed: ['rate<0.01'] }. */
  thresholds?: Record<string, string | string[]>
  /** Runs once before the phases; its result is `ctx.data`. Its requests are not measured. */
  setup?(http: Http, ctx: SetupContext): Data | Promise<Data>
  /** Runs once after the phases, even after Ctrl-C. Its requests are not measured. */
  teardown?(data: Data, http: Http, ctx: SetupContext): void | Promise<void>
  iteration(http: Http, ctx: IterationContext<Data>): void | Promise<void>
}
