/**
 * The `http` object of one thread (virtual user): its own keep-alive connection with one
 * request at a time, as each thread of the original client had its own HTTP client. A plain
 * http target goes through our own HTTP/1.1 connection (h1-connection.ts, the fast path); an
 * https one through the same connection over TLS (tls-socket.ts), or the runner's own HTTP/2
 * client (h2-connection.ts) when ALPN chooses it (alpn-connection.ts) or the scenario asks for h2c.
 * Every request is measured and recorded; a failed one (refused, reset, timeout, tls, ...)
 * resolves with status 0 and its error kind, so the thread goes on.
 *
 * What a browser does besides (docs/http-client.md): redirects are followed (redirects.ts),
 * each hop recorded as a request; cookies go in the thread's jar (cookie-jar.ts, created on the
 * first cookie); `Accept-Encoding` is sent and bodies are decompressed when read (response.ts).
 * None of it costs a request that meets no redirect and no cookie more than a few checks.
 *
 * The hot path allocates one promise and, once the answer is in, one Response per request;
 * exchanges (the connection's handler) and the RequestRecord handed to the metrics are reused.
 */
import { EVERY_STATUS, type ResponseCallback } from './response-callback.ts'
import { isFailure } from '../metrics/request-record.ts'
import { H1Connection } from './h1-connection.ts'
import type { RunMetrics, RequestRecord, SampleContext } from '../metrics/run-metrics.ts'
import { parseDuration } from '../parse-duration.ts'
import type { LiveCounters, RunControl } from '../run-control.ts'
import type { BatchRequest, Http, HttpResponse, RequestBody, RequestOptions, Scenario } from '../scenario.ts'
import { ACCEPT_ENCODING, clientSettings, type ClientSettings } from './client-settings.ts'
import { ThreadCookies } from './cookie-jar.ts'
import type { EndpointNames } from './endpoint-names.ts'
import { classifyError } from './error-kind.ts'
import { Exchange, type ExchangeOwner } from './exchange.ts'
import { Response } from './response.ts'
import type { HeaderLists } from './header-lists.ts'
import { headerValue, headerValues } from './raw-headers.ts'
import { isRedirect, nextHeaders, nextMethod, resolveLocation, TOO_MANY_REDIRECTS } from './redirects.ts'
import { encodeBody } from './request-body.ts'
import type { HttpTarget } from './target.ts'
import { checkRequestOptions } from './request-options.ts'
import { ServiceSignals } from './service-signals.ts'
import { tlsReason } from './tls-settings.ts'
import { AlpnConnection } from './alpn-connection.ts'
import { H2Connection } from './h2-connection.ts'
import { openTls, tlsTarget, type Alpn, type OnRead } from './tls-socket.ts'
import type { Protocol, Transport } from './transport.ts'
import { connect as tcpConnect, type Socket } from 'node:net'

/** What every thread's client in a run shares. */
export interface HttpRun {
  target: HttpTarget
  timeoutMs: number
  headers: HeaderLists
  endpoints: EndpointNames
  control: RunControl
  live: LiveCounters
  metrics: RunMetrics
  /** Its client settings (redirects, cookies, compression, TLS, HTTP/2); the defaults without one. */
  scenario?: Scenario
  /** A warning for the person running the test, once per key. */
  notice?(key: string, text: string): void
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
  private cutListeners: Set<() => void> | undefined
  /** Set by a rate phase: the next request's latency counts from this scheduled start. */
  latencyFromMs = -1
  /** The thread's cookie jar (`ctx.cookies`). */
  readonly cookies: ThreadCookies
  private readonly settings: ClientSettings
  /** The scenario's responseCallback (null: every status expected); undefined: 2xx and 3xx, read from the status alone. */
  private readonly responseCallback: ResponseCallback | undefined
  /** The run's header lists, with Accept-Encoding unless the scenario turned compression off. */
  private readonly headers: HeaderLists
  private readonly client: Connection
  /** Extra connections to the target's origin, opened by `batch` as needed. */
  private lanes: Connection[] | undefined
  private others: Map<string, Connection> | undefined
  private connectedAtMs = -1
  /** When the last TLS connection's TCP connect finished (its handshake then started). */
  private tcpAtMs = -1
  private readonly signals = new ServiceSignals()
  /** Exchanges of finished requests, ready for the next (one, unless requests overlap). */
  private readonly spare: Exchange[] = []
  private readonly record: RequestRecord = {
    phase: '', scenario: '', group: '', tags: undefined, scenarioTags: undefined, endpoint: '', method: '', status: 0,
    error: undefined, expected: undefined, latencyUs: 0, bytesIn: 0, bytesOut: 0, coldStart: false, serverUs: undefined, initUs: undefined, connectUs: undefined,
    tlsUs: undefined, blockedUs: 0, sendingUs: 0,
    waitingUs: undefined, receivingUs: undefined, uncorrectedUs: undefined, atMs: 0,
  }

  constructor(private readonly run: HttpRun) {
    this.settings = clientSettings(run.scenario)
    this.responseCallback = run.scenario?.responseCallback === null ? EVERY_STATUS : run.scenario?.responseCallback
    this.headers = this.settings.compression ? run.headers.withAcceptEncoding(ACCEPT_ENCODING) : run.headers
    this.cookies = new ThreadCookies(this.settings.keepCookies, (url) => this.absoluteUrl(url), () => (this.context as { iteration?: number }).iteration ?? -1)
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
    const origin = absolute ? originOf(path) : this.run.target.origin
    const client = absolute ? this.clientForOrigin(origin) : lane === 0 ? this.client : this.lane(lane)
    const requestPath = absolute ? pathOf(path) : this.run.target.basePath + (path.charCodeAt(0) === 47 ? path : '/' + path)
    const encoded = encodeBody(body)
    const sentAtMs = performance.now()
    const latencyFromMs = this.latencyFromMs >= 0 ? this.latencyFromMs : sentAtMs
    this.latencyFromMs = -1
    // k6 names a request with tags: { name }; the name option says the same.
    const endpoint = this.run.endpoints.nameFor(path, options?.name ?? options?.tags?.name)
    const exchange = (this.spare.pop() ?? new Exchange(this)).start(method, endpoint,
      options?.responseType !== 'none', sentAtMs, latencyFromMs)
    exchange.origin = origin
    exchange.path = requestPath
    exchange.tags = options?.tags
    exchange.expected = options?.responseCallback === undefined ? this.responseCallback : options.responseCallback ?? EVERY_STATUS
    // Requests an iteration makes after Ctrl-C (on a cut connection) are not part of the run.
    exchange.measured = this.measuring && !this.run.control.stopped
    exchange.timeoutMs = options?.timeout === undefined ? this.run.timeoutMs : timeoutOption(options.timeout)
    exchange.body = encoded.bytes
    exchange.redirectLimit = options?.redirects ?? this.settings.maxRedirects
    exchange.hops = 0
    const cookies = options?.cookies
    exchange.cookies = cookies !== false
    const headers = this.headers.for(encoded.type, options?.headers)
    exchange.headers = cookies === undefined || cookies === false ? headers : withCookies(headers, cookieText(cookies))
    exchange.connection = client
    // One shared executor rather than a closure per request (see captureResolve).
    capturing = exchange
    const promise = new Promise<HttpResponse>(captureResolve)
    try {
      this.transmit(exchange)
    } catch (error) {
      return Promise.reject(error) // an invalid path: the request's promise fails, as before
    }
    // Written now unless it waits behind another request (then it goes out later: 0, as it is handed over at once).
    if (exchange.sentAtMs === sentAtMs) exchange.sendingUs = Math.round((performance.now() - sentAtMs) * 1000)
    return promise
  }

  /** Hands the exchange to its connection, with the jar's cookies for its URL. */
  private transmit(exchange: Exchange): void {
    const client = exchange.connection as Connection
    const headers = exchange.cookies && this.cookies.active ? this.withJar(exchange) : exchange.headers
    client.dispatch(exchange.method, exchange.path, headers, exchange.body, exchange.timeoutMs, exchange.sentAtMs, exchange)
  }

  private withJar(exchange: Exchange): readonly string[] {
    const value = this.cookies.headerFor(exchange.origin + exchange.path)
    return value === '' ? exchange.headers : withCookies(exchange.headers, value)
  }

  complete(exchange: Exchange, failure: Error | null): void {
    const endMs = performance.now()
    const run = this.run
    const r = this.record
    const opened = this.connectedAtMs >= exchange.sentAtMs
    const startedMs = opened ? this.connectedAtMs : exchange.sentAtMs
    const answered = failure === null
    const headersAtMs = exchange.headersAtMs < 0 ? endMs : exchange.headersAtMs
    let error = answered ? undefined : classifyError(failure)
    const status = answered ? exchange.status : 0
    const durationUs = Math.max(1, Math.round((endMs - exchange.latencyFromMs) * 1000))
    const scheduled = this.openModel
    const signals = this.signals
    if (answered) signals.read(exchange.rawHeaders)
    // Cookies first: those a redirect sets go with its next hop.
    if (answered && signals.setCookie && exchange.cookies) this.cookies.store(exchange.origin + exchange.path, headerValues(exchange.rawHeaders, 'set-cookie'))
    let next: URL | undefined
    if (answered && isRedirect(status)) {
      next = this.redirectTarget(exchange)
      if (next !== undefined && exchange.hops >= exchange.redirectLimit) {
        // redirects: 0 asks for the 3xx itself; reaching a limit above 0 is a counted error.
        if (exchange.redirectLimit > 0) error = TOO_MANY_REDIRECTS
        next = undefined
      }
    }
    const serverUs = answered ? signals.serverUs : -1
    const connectUs = opened ? Math.round((this.connectedAtMs - exchange.sentAtMs) * 1000) : -1
    // An https connection: its TCP connect, then its TLS handshake (k6's connecting and tls_handshaking).
    const tls = opened && this.tcpAtMs >= exchange.sentAtMs
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
    // Only with a responseCallback: whether its status was expected (http_req_failed, expected_response).
    r.expected = exchange.expected === undefined ? undefined : error === undefined && exchange.expected.expected(status)
    r.errorReason = error === 'tls' ? tlsReason(failure) : undefined
    r.latencyUs = durationUs
    r.bytesIn = exchange.bytesIn
    r.bytesOut = exchange.bytesOut
    r.coldStart = answered && signals.coldStart
    r.serverUs = serverUs >= 0 ? serverUs : undefined
    r.initUs = r.coldStart && signals.initUs >= 0 ? signals.initUs : undefined
    r.connectUs = opened ? (tls ? Math.round((this.tcpAtMs - exchange.sentAtMs) * 1000) : connectUs) : undefined
    r.tlsUs = tls ? Math.round((this.connectedAtMs - this.tcpAtMs) * 1000) : undefined
    r.blockedUs = Math.max(0, Math.round(((opened ? this.connectedAtMs : exchange.sentAtMs) - exchange.issuedAtMs) * 1000))
    r.sendingUs = exchange.sendingUs
    r.waitingUs = answered ? waitingUs : undefined
    r.receivingUs = answered ? receivingUs : undefined
    r.atMs = endMs - run.control.startMs
    // A request cut by Ctrl-C was sent: it counts, as 'aborted'; one cut by the executor does not.
    if (exchange.measured && !this.abandoned) {
      run.metrics.record(r)
      run.live.requests++
      if (isFailure(r)) run.live.errors++
    }
    if (next !== undefined) return this.follow(exchange, next, endMs)
    const message = error === TOO_MANY_REDIRECTS ? this.redirectLimitMessage(exchange) : failure?.message
    const response = new Response(
      status, answered ? exchange.rawHeaders : null, answered ? exchange.chunks : null, error, message,
      durationUs, connectUs, waitingUs, receivingUs, serverUs, exchange.origin, exchange.path,
      exchange.hops, answered ? protocolOf(exchange.connection) : '',
    )
    const resolve = exchange.resolve
    exchange.release()
    this.spare.push(exchange)
    resolve(response)
  }

  /** Where a 3xx answer's Location points, or undefined (none, or not an http(s) URL). */
  private redirectTarget(exchange: Exchange): URL | undefined {
    const location = headerValue(exchange.rawHeaders, 'location')
    return location === undefined ? undefined : resolveLocation(location, exchange.origin + exchange.path)
  }

  /**
   * Sends the next hop of a redirect on a new exchange, which resolves the same promise. Same
   * origin: the same connection (a batch lane stays on its lane); another origin: the thread's
   * connection to it, opened once and kept.
   */
  private follow(previous: Exchange, url: URL, nowMs: number): void {
    const { method, keepsBody } = nextMethod(previous.status, previous.method)
    const origin = url.origin
    const sameOrigin = origin === previous.origin
    const path = url.pathname + url.search
    const body = keepsBody ? previous.body : null
    const exchange = (this.spare.pop() ?? new Exchange(this)).start(method, this.hopName(origin, path, url.href),
      previous.keepBody, nowMs, nowMs)
    exchange.origin = origin
    exchange.path = path
    exchange.tags = previous.tags
    exchange.expected = previous.expected
    exchange.measured = previous.measured && !this.run.control.stopped
    exchange.timeoutMs = previous.timeoutMs
    exchange.body = body
    exchange.redirectLimit = previous.redirectLimit
    exchange.hops = previous.hops + 1
    exchange.cookies = previous.cookies
    exchange.headers = nextHeaders(previous.headers, keepsBody, sameOrigin)
    exchange.connection = sameOrigin ? previous.connection : this.clientForOrigin(origin)
    exchange.resolve = previous.resolve
    previous.release()
    this.spare.push(previous)
    try {
      this.transmit(exchange)
    } catch (error) {
      exchange.onError(error as Error) // a Location our connection cannot send: the hop fails, counted
    }
  }

  /** A hop is named by its own path (on the target) or URL, as the endpoints table names requests. */
  private hopName(origin: string, path: string, href: string): string {
    const { target, endpoints } = this.run
    if (origin !== target.origin || !path.startsWith(target.basePath)) return endpoints.nameFor(href, undefined)
    return endpoints.nameFor(path.slice(target.basePath.length) || '/', undefined)
  }

  private redirectLimitMessage(exchange: Exchange): string {
    const text = `stopped after ${exchange.redirectLimit} redirects (the limit: redirects per request, maxRedirects per scenario); the last answer, ${exchange.status}, points to ${headerValue(exchange.rawHeaders, 'location')}`
    this.run.notice?.('redirects', `a request ${text}`)
    return text
  }

  /** A path (on the target) or a URL, as `ctx.cookies` takes them. */
  private absoluteUrl(url: string): string {
    if (url.startsWith('http://') || url.startsWith('https://')) return url
    const { origin, basePath } = this.run.target
    return origin + basePath + (url.charCodeAt(0) === 47 ? url : '/' + url)
  }

  /** Lets the connection finish what it is doing, then closes it. */
  async close(): Promise<void> {
    await Promise.all(this.clients().map((client) => (client.closed || client.destroyed ? undefined : client.close())))
  }

  /**
   * The executor ends this thread's iteration early (gracefulStop, gracefulRampDown): what is in
   * flight is cut and, unlike a request cut by Ctrl-C, not counted: it is not the server's doing.
   */
  /** True once the executor cut this thread (abandon): the iteration running then was interrupted. */
  get cut(): boolean {
    return this.abandoned
  }

  abandon(): Promise<void> {
    this.abandoned = true
    this.measuring = false
    if (this.cutListeners) for (const listener of this.cutListeners) listener()
    return this.destroy()
  }

  /** Calls `listener` when the executor cuts this thread (a ctx.sleep in progress ends then); returns the unsubscribe. */
  onCut(listener: () => void): () => void {
    const listeners = (this.cutListeners ??= new Set())
    listeners.add(listener)
    return () => listeners.delete(listener)
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

  /** Absolute URLs and redirects to another origin get their own connection, kept for the thread's life. */
  private clientForOrigin(origin: string): Connection {
    if (origin === this.run.target.origin) return this.client
    this.others ??= new Map()
    let client = this.others.get(origin)
    if (!client) this.others.set(origin, (client = this.openClient(origin)))
    return client
  }

  /**
   * Plain http: our HTTP/1.1 connection over TCP (or HTTP/2 by prior knowledge with h2c). https:
   * the same connection over TLS with `http2: false`, else ALPN offers both and the server's
   * choice gets the handshake's socket.
   */
  private openClient(origin: string): Connection {
    const http2 = this.settings.http2
    const h2 = (openSocket: (onread: OnRead, onConnect: () => void) => Socket): Connection =>
      new H2Connection(origin, { openSocket, onConnect: this.connectedH2, onRetry: this.retried, streams: this.settings.h2Streams })
    if (origin.startsWith('http:')) {
      if (http2 !== 'h2c') return new H1Connection(origin, this.connectedH1, this.retried)
      const { hostname, port } = new URL(origin)
      const host = hostname.replace(/^\[|\]$/g, '')
      return h2((onread, onConnect) => tcpConnect({ host, port: Number(port) || 80, onread }).setNoDelay(true).once('connect', onConnect))
    }
    const tls = tlsTarget(origin, this.settings.tls)
    /** The transport's sockets: the handshake's first (once), then new ones offering only its own protocol. */
    const sockets = (alpn: Alpn, adopt?: (onread: OnRead) => Socket) => (onread: OnRead, onConnect: () => void): Socket => {
      if (adopt) {
        const socket = adopt(onread)
        adopt = undefined
        return socket
      }
      return this.timed(openTls(tls, alpn, onread)).once('secureConnect', onConnect)
    }
    const h1 = (adopt?: (onread: OnRead) => Socket) => new H1Connection(origin, this.connectedH1, this.retried, sockets(H1_ONLY, adopt))
    if (http2 === 'h1') return h1()
    return new AlpnConnection({
      probe: (onread) => this.timed(openTls(tls, H2_OR_H1, onread)),
      h1,
      h2: (adopt) => h2(sockets(H2_ONLY, adopt)),
      onConnect: this.connected,
    })
  }

  /** A TLS socket's TCP connect time (its handshake follows), once per connection. */
  private timed<S extends Socket>(socket: S): S {
    return socket.once('connect', this.tcpConnected)
  }

  private readonly tcpConnected = (): void => {
    this.tcpAtMs = performance.now()
  }

  private readonly connectedH1 = (): void => this.connected('HTTP/1.1')
  private readonly connectedH2 = (): void => this.connected('HTTP/2.0')

  /** A request sent again after a keep-alive race (h1-connection.ts): in the summary's retries, not an error. */
  private readonly retried = (): void => {
    if (this.measuring && !this.run.control.stopped) this.run.metrics.retries++
  }

  /** Once per connection: its opening time (the next request's connect timing) and what it speaks. */
  private readonly connected = (protocol: Protocol): void => {
    this.connectedAtMs = performance.now()
    if (this.measuring) this.run.metrics.protocols.add(protocol)
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

type Connection = Transport

const H1_ONLY: Alpn = ['http/1.1']
const H2_ONLY: Alpn = ['h2']
const H2_OR_H1: Alpn = ['h2', 'http/1.1']

function protocolOf(connection: object | null): Protocol {
  return connection instanceof H2Connection ? 'HTTP/2.0' : connection instanceof AlpnConnection ? connection.protocol : 'HTTP/1.1'
}

/** `headers` (never changed: it may be shared) with a Cookie header, joined to one already there. */
function withCookies(headers: readonly string[], value: string): string[] {
  const list = headers.slice()
  for (let i = 0; i + 1 < list.length; i += 2) {
    if (list[i]!.toLowerCase() === 'cookie') {
      list[i + 1] = `${list[i + 1]}; ${value}`
      return list
    }
  }
  list.push('cookie', value)
  return list
}

/** k6's per-request `cookies: { name: value }`. */
function cookieText(cookies: Record<string, string>): string {
  return Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ')
}

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
