/**
 * The `http` object of one thread (virtual user): its own keep-alive connection with one
 * request at a time, as each thread of the original client had its own HTTP client. A plain
 * http target goes through our own HTTP/1.1 connection (h1-connection.ts, the fast path);
 * https and other origins through an undici Client (pipelining 1). Every request is measured
 * and recorded; a failed one (refused, reset, timeout, ...) resolves with status 0 and its
 * error kind, so the thread goes on.
 *
 * The hot path allocates one promise and, once the answer is in, one Response per request;
 * exchanges (the connection's handler) and the RequestRecord handed to the metrics are reused.
 */
import { Client } from 'undici'
import { H1Connection } from './h1-connection.ts'
import type { RunMetrics, RequestRecord, SampleContext } from '../metrics/run-metrics.ts'
import { parseDuration } from '../duration.ts'
import type { LiveCounters, RunControl } from '../run-control.ts'
import type { BatchRequest, Http, HttpResponse, RequestBody, RequestOptions } from '../scenario.ts'
import type { EndpointNames } from './endpoint-names.ts'
import { classifyError } from './error-kind.ts'
import { Exchange, type ExchangeOwner } from './exchange.ts'
import { Response } from './response.ts'
import type { HeaderLists } from './header-lists.ts'
import { encodeBody } from './request-body.ts'
import type { HttpTarget } from './target.ts'
import { checkRequestOptions } from './request-options.ts'
import { ServiceSignals } from './service-signals.ts'

/** What every thread's client in a run shares. */
export interface HttpRun {
  target: HttpTarget
  timeoutMs: number
  headers: HeaderLists
  endpoints: EndpointNames
  control: RunControl
  live: LiveCounters
  metrics: RunMetrics
}

/** Connections a thread may open to one origin for `http.batch` (k6's batchPerHost). */
export const BATCH_PER_HOST = 6

/** The tags of requests made outside an iteration (setup, teardown). */
const NO_ITERATION: SampleContext = { phase: '', scenario: 'default', groupPath: '', scenarioTags: undefined }

export class ThreadHttp implements Http, ExchangeOwner {
  /** Where requests are recorded (phase, scenario, group, the scenario's tags): the thread's `ctx`. */
  context: SampleContext = NO_ITERATION
  /** A rate phase's thread: requests also record their latency from the actual send. */
  openModel = false
  /** False for setup() and teardown(): their requests are not measured. */
  measuring = true
  private abandoned = false
  /** Set by a rate phase: the next request's latency counts from this scheduled start. */
  latencyFromMs = -1
  private readonly client: Connection
  /** Extra connections to the target's origin, opened by `batch` as needed. */
  private lanes: Connection[] | undefined
  private others: Map<string, Connection> | undefined
  private connectedAtMs = -1
  private readonly signals = new ServiceSignals()
  /** Exchanges of finished requests, ready for the next (one, unless requests overlap). */
  private readonly spare: Exchange[] = []
  private readonly record: RequestRecord = {
    phase: '', scenario: '', group: '', tags: undefined, scenarioTags: undefined, endpoint: '', method: '', status: 0,
    error: undefined, latencyUs: 0, bytesIn: 0, bytesOut: 0, coldStart: false, serverUs: undefined, connectUs: undefined,
    waitingUs: undefined, receivingUs: undefined, uncorrectedUs: undefined, atMs: 0,
  }

  constructor(private readonly run: HttpRun) {
    this.client = this.openClient(run.target.origin)
  }

  get(path: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.send('GET', path, undefined, options)
  }

  post(path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse> {
    return this.send('POST', path, body, options)
  }

  put(path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse> {
    return this.send('PUT', path, body, options)
  }

  patch(path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse> {
    return this.send('PATCH', path, body, options)
  }

  del(path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse> {
    return this.send('DELETE', path, body, options)
  }

  head(path: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.send('HEAD', path, undefined, options)
  }

  options(path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse> {
    return this.send('OPTIONS', path, body, options)
  }

  request(method: string, path: string, body?: RequestBody, options?: RequestOptions): Promise<HttpResponse> {
    return this.send(method.toUpperCase(), path, body, options)
  }

  batch(requests: BatchRequest[]): Promise<HttpResponse[]> {
    if (!Array.isArray(requests)) return Promise.reject(new TypeError('http.batch takes an array of requests'))
    return Promise.all(requests.map((request, index) => {
      const [method, path, body, options] = Array.isArray(request)
        ? request
        : [request?.method, request?.url, request?.body, request?.params] as const
      if (typeof method !== 'string' || typeof path !== 'string') {
        return Promise.reject(new TypeError(`http.batch: request ${index} must be [method, path, body?, options?] or { method, url, body?, params? }`))
      }
      return this.send(method.toUpperCase(), path, body, options, index % BATCH_PER_HOST)
    }))
  }

  /** `lane`: which of the thread's connections to its target carries the request (0: its own). */
  private send(method: string, path: string, body: RequestBody, options: RequestOptions | undefined, lane = 0): Promise<HttpResponse> {
    if (options !== undefined) checkRequestOptions(options)
    const hash = path.indexOf('#')
    if (hash >= 0) path = path.slice(0, hash) // a fragment names a part of the answer; it is never sent
    const absolute = path.startsWith('http://') || path.startsWith('https://')
    const client = absolute ? this.clientForUrl(path) : lane === 0 ? this.client : this.lane(lane)
    const requestPath = absolute ? pathOf(path) : this.run.target.basePath + (path.charCodeAt(0) === 47 ? path : '/' + path)
    const encoded = encodeBody(body)
    const sentAtMs = performance.now()
    const latencyFromMs = this.latencyFromMs >= 0 ? this.latencyFromMs : sentAtMs
    this.latencyFromMs = -1
    // k6 names a request with tags: { name }; the name option says the same.
    const endpoint = this.run.endpoints.nameFor(path, options?.name ?? options?.tags?.name)
    const exchange = (this.spare.pop() ?? new Exchange(this)).start(method, endpoint, encoded.bytes?.length ?? 0,
      options?.responseType !== 'none', sentAtMs, latencyFromMs)
    exchange.origin = absolute ? originOf(path) : this.run.target.origin
    exchange.path = requestPath
    exchange.tags = options?.tags
    // Requests an iteration makes after Ctrl-C (on a cut connection) are not part of the run.
    exchange.measured = this.measuring && !this.run.control.stopped
    const timeoutMs = options?.timeout === undefined ? this.run.timeoutMs : timeoutOption(options.timeout)
    const headers = this.run.headers.for(encoded.type, options?.headers)
    if (client instanceof H1Connection) {
      // One shared executor rather than a closure per request (see captureResolve).
      exchange.pooled = true
      capturing = exchange
      const promise = new Promise<HttpResponse>(captureResolve)
      try {
        client.dispatch(method, requestPath, headers, encoded.bytes, timeoutMs, sentAtMs, exchange)
      } catch (error) {
        return Promise.reject(error) // an invalid path: the request's promise fails, as before
      }
      return promise
    }
    exchange.pooled = false
    const dispatchOptions = { path: requestPath, method, headers, body: encoded.bytes, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }
    return new Promise<HttpResponse>((resolve) => {
      exchange.resolve = resolve
      client.dispatch(dispatchOptions, exchange)
    })
  }

  complete(exchange: Exchange, failure: Error | null): void {
    const endMs = performance.now()
    const run = this.run
    const r = this.record
    const opened = this.connectedAtMs >= exchange.sentAtMs
    const startedMs = opened ? this.connectedAtMs : exchange.sentAtMs
    const answered = failure === null
    const headersAtMs = exchange.headersAtMs < 0 ? endMs : exchange.headersAtMs
    const error = answered ? undefined : classifyError(failure)
    const status = answered ? exchange.status : 0
    const durationUs = Math.max(1, Math.round((endMs - exchange.latencyFromMs) * 1000))
    const scheduled = this.openModel
    const signals = this.signals
    if (answered) signals.read(exchange.rawHeaders)
    const serverUs = answered ? signals.serverUs : -1
    const connectUs = opened ? Math.round((this.connectedAtMs - exchange.sentAtMs) * 1000) : -1
    const waitingUs = answered ? Math.round((headersAtMs - startedMs) * 1000) : 0
    const receivingUs = answered ? Math.round((endMs - headersAtMs) * 1000) : 0
    const context = this.context
    r.phase = context.phase
    r.scenario = context.scenario
    r.group = context.groupPath
    r.tags = exchange.tags
    r.scenarioTags = context.scenarioTags
    r.uncorrectedUs = scheduled ? Math.max(1, Math.round((endMs - exchange.sentAtMs) * 1000)) : undefined
    r.endpoint = exchange.endpoint
    r.method = exchange.method
    r.status = status
    r.error = error
    r.latencyUs = durationUs
    r.bytesIn = exchange.bytesIn
    r.bytesOut = exchange.bytesOut
    r.coldStart = answered && signals.coldStart
    r.serverUs = serverUs >= 0 ? serverUs : undefined
    r.connectUs = opened ? connectUs : undefined
    r.waitingUs = answered ? waitingUs : undefined
    r.receivingUs = answered ? receivingUs : undefined
    r.atMs = endMs - run.control.startMs
    // A request cut by Ctrl-C was sent: it counts, as 'aborted'; one cut by the executor does not.
    if (exchange.measured && !this.abandoned) {
      run.metrics.record(r)
      run.live.requests++
      if (!answered || r.status >= 400 || r.status < 200) run.live.errors++
    }
    const response = new Response(
      status, answered ? exchange.rawHeaders : null, answered ? exchange.chunks : null, error, failure?.message,
      durationUs, connectUs, waitingUs, receivingUs, serverUs, exchange.origin, exchange.path,
    )
    const resolve = exchange.resolve
    exchange.release()
    // undici may still hold its handler after calling back: only our own connection's are reused.
    if (exchange.pooled) this.spare.push(exchange)
    resolve(response)
  }

  /** Lets the connection finish what it is doing, then closes it. */
  async close(): Promise<void> {
    await Promise.all(this.clients().map((client) => (client.closed || client.destroyed ? undefined : client.close())))
  }

  /**
   * The executor ends this thread's iteration early (gracefulStop, gracefulRampDown): what is in
   * flight is cut and, unlike a request cut by Ctrl-C, not counted: it is not the server's doing.
   */
  abandon(): Promise<void> {
    this.abandoned = true
    this.measuring = false
    return this.destroy()
  }

  /** Cuts the connection now; requests in flight fail as 'aborted'. */
  async destroy(): Promise<void> {
    await Promise.all(this.clients().map((client) => (client.destroyed ? undefined : client.destroy())))
  }

  /** Connection `lane` (1..BATCH_PER_HOST-1) to the target's origin, opened on first use. */
  private lane(lane: number): Connection {
    this.lanes ??= []
    return (this.lanes[lane - 1] ??= this.openClient(this.run.target.origin))
  }

  /** Absolute URLs to another origin get their own connection, kept for the thread's life. */
  private clientForUrl(url: string): Connection {
    const origin = new URL(url).origin
    if (origin === this.run.target.origin) return this.client
    this.others ??= new Map()
    let client = this.others.get(origin)
    if (!client) this.others.set(origin, (client = this.openClient(origin)))
    return client
  }

  private openClient(origin: string): Connection {
    if (origin.startsWith('http:')) return new H1Connection(origin, this.connected)
    const timeout = this.run.timeoutMs
    const client = new Client(origin, { pipelining: 1, connectTimeout: timeout, headersTimeout: timeout, bodyTimeout: timeout })
    client.on('connect', this.connected)
    return client
  }

  private readonly connected = (): void => {
    this.connectedAtMs = performance.now()
  }

  private clients(): Connection[] {
    const all = [this.client, ...(this.lanes ?? []).filter(Boolean)]
    return this.others ? [...all, ...this.others.values()] : all
  }
}

/**
 * The promise executor of every request on our own connection: it runs synchronously inside
 * `new Promise`, so the exchange being sent can wait in a module variable, and no closure is
 * allocated per request (it would also live as long as the request, in the young generation).
 */
let capturing: Exchange | undefined
function captureResolve(resolve: (value: HttpResponse) => void): void {
  capturing!.resolve = resolve
  capturing = undefined
}

/** Plain http: our own connection; https: undici. */
type Connection = H1Connection | Client

function originOf(url: string): string {
  return new URL(url).origin
}

function pathOf(url: string): string {
  const { pathname, search } = new URL(url)
  return pathname + search
}

function timeoutOption(value: RequestOptions['timeout']): number {
  const ms = parseDuration(value)
  if (ms === undefined) throw new TypeError(`timeout ${JSON.stringify(value)} is not a duration, e.g. '5s' or 5000`)
  return Math.max(1, Math.ceil(ms))
}
