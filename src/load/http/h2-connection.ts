/**
 * One thread's HTTP/2 connection on the runner's own HTTP/2 client (h2-session.ts), over TLS
 * (ALPN `h2`) or without it (h2c, by prior knowledge): by default one request (stream) at a time,
 * as over HTTP/1.1, so a latency never includes waiting behind another stream; with the
 * scenario's `http2: { streams: N }`, up to N at once (and never more than the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS). A thread's requests beyond that queue.
 *
 * Why not node:http2: per request it costs a stream object, its events and an async resource;
 * the runner over it made 0.15x the requests of h2load -m1 against the same nginx
 * (docs/http-client.md, "What it costs"). Here a request is one reused H2Stream, one HEADERS
 * frame whose HPACK block is encoded once per distinct request (without indexing, so the same
 * request always has the same bytes) and the answer's frames read straight from the socket's
 * reads.
 *
 * A session is opened on the first request and again after one closes (GOAWAY, an idle close, an
 * error). A request the server refused (REFUSED_STREAM, or past a GOAWAY's last stream id), or
 * one cut by a close on a session that had carried requests before and before any answer, is
 * sent once more on a new session when its method is idempotent, as over HTTP/1.1
 * (h1-connection.ts), and counted as a retry. Timeouts use the shared sweep (h1-timeouts.ts).
 */
import type { Duplex } from 'node:stream'
import { ClientError } from './h1-errors.ts'
import type { ResponseHandler } from './response-handler.ts'
import { unwatch, watch, type Expirable } from './h1-timeouts.ts'
import { checkRequestTarget } from './h1-request-head.ts'
import { H2Session, type SessionOwner } from './h2-session.ts'
import { H2Stream } from './h2-stream.ts'
import { HpackEncoder } from './hpack-encoder.ts'
import { RequestQueue } from './request-queue.ts'
import type { OnRead } from './tls-socket.ts'
import type { Protocol, Transport } from './transport.ts'

/** Headers HTTP/2 forbids (RFC 9113 §8.2.2) or carries as pseudo-headers (`host`: `:authority`). */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host'])
const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH'])
/** Sent again after a refused stream or a drained connection: idempotent (RFC 9110 §9.2.2), as over HTTP/1.1. */
const RETRIED_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'])

export interface H2Options {
  /** The socket a new session runs on: TLS offering `h2`, or TCP for h2c; it must pass `onread` on. */
  openSocket: (onread: OnRead, onConnect: () => void) => Duplex
  onConnect: () => void
  /** A request went out again after a refused stream or a drained connection. */
  onRetry: () => void
  /** Streams at once on the connection (the scenario's `http2: { streams }`). */
  streams: number
}

export class H2Connection implements Transport, Expirable, SessionOwner {
  readonly protocol: Protocol = 'HTTP/2.0'
  deadlineMs = 0
  /** The session new streams go on. */
  private session: H2Session | null = null
  /** Requests in flight, on whatever session. */
  private readonly active: H2Stream[] = []
  private readonly spare: H2Stream[] = []
  private readonly queue = new RequestQueue()
  private readonly encoder = new HpackEncoder({ indexing: false, huffman: false })
  private readonly authority: string
  private readonly scheme: string
  /** The last request's header block, reused while method, path, headers and body length stay the same. */
  private last: { method: string; path: string; headers: readonly string[]; bodyLength: number; block: Buffer } = { method: '', path: '', headers: [], bodyLength: -1, block: Buffer.alloc(0) }

  constructor(origin: string, private readonly options: H2Options) {
    const url = new URL(origin)
    this.authority = url.host
    this.scheme = url.protocol === 'https:' ? 'https' : 'http'
    watch(this)
  }

  get closed(): boolean {
    return this.queue.closed
  }

  get destroyed(): boolean {
    return this.queue.destroyed
  }

  dispatch(method: string, path: string, headers: readonly string[], body: Buffer | null, timeoutMs: number, nowMs: number, handler: ResponseHandler): void {
    // The last request's method and path were checked when its block was made (none yet: an empty block).
    const last = this.last
    if (method !== last.method || path !== last.path || last.block.length === 0) checkRequestTarget(method, path)
    if (this.queue.refuse(handler)) return
    if (this.active.length >= this.room()) return this.queue.push({ method, path, headers, body, timeoutMs, handler })
    this.start(method, path, headers, body, nowMs + timeoutMs, handler, false)
  }

  /** How many streams may be in flight now. */
  private room(): number {
    const server = this.session?.peerMaxStreams ?? Infinity
    return Math.max(1, Math.min(this.options.streams, server))
  }

  private start(method: string, path: string, headers: readonly string[], body: Buffer | null, deadlineMs: number, handler: ResponseHandler, retried: boolean): void {
    const stream = this.spare.pop() ?? new H2Stream()
    stream.reset()
    stream.method = method
    stream.path = path
    stream.headers = headers
    stream.body = body
    stream.block = this.blockFor(method, path, headers, body?.length ?? 0)
    stream.isHead = method === 'HEAD'
    stream.idempotent = RETRIED_METHODS.has(method)
    stream.retried = retried
    stream.deadlineMs = deadlineMs
    stream.handler = handler
    this.active.push(stream)
    if (this.deadlineMs === 0 || deadlineMs < this.deadlineMs) this.deadlineMs = deadlineMs
    this.open().start(stream)
  }

  private open(): H2Session {
    const current = this.session
    if (current !== null && !current.draining) return current
    const session = new H2Session(this, (onread) => this.options.openSocket(onread, this.options.onConnect))
    this.session = session
    return session
  }

  /** The HPACK block of a request: pseudo-headers, then its headers in lower case without the connection-specific ones. */
  private blockFor(method: string, path: string, headers: readonly string[], bodyLength: number): Buffer {
    const last = this.last
    if (last.method === method && last.path === path && last.headers === headers && last.bodyLength === bodyLength) return last.block
    const fields = [':method', method, ':scheme', this.scheme, ':authority', this.authority, ':path', path]
    const merged = new Map<string, string>()
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = headers[i]!.toLowerCase()
      if (CONNECTION_HEADERS.has(name)) continue
      const seen = merged.get(name)
      merged.set(name, seen === undefined ? headers[i + 1]! : name === 'cookie' ? `${seen}; ${headers[i + 1]}` : `${seen}, ${headers[i + 1]}`)
    }
    if (!merged.has('content-length') && (bodyLength > 0 || PAYLOAD_METHODS.has(method))) merged.set('content-length', String(bodyLength))
    for (const [name, value] of merged) fields.push(name, value)
    const block = this.encoder.encode(fields)
    this.last = { method, path, headers, bodyLength, block }
    return block
  }

  onHead(stream: H2Stream, status: number, lines: string): void {
    stream.handler!.onHead(status, lines) // its arrival time: the session's, at the end of the read
  }

  onBody(stream: H2Stream, data: Buffer, start: number, end: number): void {
    const handler = stream.handler!
    if (!handler.keepBody) return // counted with its frame (h2-session.ts)
    // The octets sit in a shared read buffer: a kept body gets its own copy.
    const copy = Buffer.allocUnsafe(end - start)
    data.copy(copy, 0, start, end)
    handler.onData(copy)
  }

  onEnd(stream: H2Stream): void {
    this.finish(stream, null)
  }

  onFail(stream: H2Stream, error: Error, refused: boolean): void {
    const session = stream.session
    // A close on a session that carried requests before, with nothing of the answer yet: the keep-alive race.
    const race = !refused && !stream.answered && session !== null && session.closed && session.completed > 0 && error instanceof ClientError && error.code === 'EDGELOAD_CLOSED'
    if ((refused || race) && stream.idempotent && !stream.retried && !this.destroyed) {
      this.remove(stream)
      const { method, path, headers, body, deadlineMs, handler } = stream
      this.recycle(stream)
      this.options.onRetry()
      return this.start(method, path, headers, body, deadlineMs, handler!, true)
    }
    this.finish(stream, error)
  }

  onDraining(session: H2Session): void {
    if (this.session === session) this.session = null
  }

  onRoom(): void {
    this.next()
  }

  /** The sweep: requests past their deadline fail; a session that never sent its SETTINGS is dropped. */
  expire(): void {
    const now = performance.now()
    for (const stream of [...this.active]) {
      if (stream.deadlineMs > now) continue
      const session = stream.session
      const silent = session !== null && !session.settled
      session?.cancel(stream)
      this.finish(stream, new ClientError('timeout', silent ? 'no answer within the request timeout (the server never sent its HTTP/2 SETTINGS)' : 'no answer within the request timeout'))
      if (silent) session!.destroy(new ClientError('timeout', 'no answer within the request timeout (the server never sent its HTTP/2 SETTINGS)'))
    }
    this.refreshDeadline()
  }

  /** The request of `stream` is done (answered, or failed with `error`): its handler hears it, the next goes out. */
  private finish(stream: H2Stream, error: Error | null): void {
    const handler = stream.handler
    this.remove(stream)
    this.recycle(stream)
    if (handler !== null) {
      if (error === null) handler.onComplete()
      else handler.onError(error)
    }
    this.next()
  }

  private remove(stream: H2Stream): void {
    const active = this.active
    const index = active.indexOf(stream)
    if (index < 0) return
    // Order does not matter here (deadlines are kept apart): the last takes its place, no array made.
    active[index] = active[active.length - 1]!
    active.pop()
    if (stream.deadlineMs === this.deadlineMs) this.refreshDeadline()
  }

  private recycle(stream: H2Stream): void {
    stream.release()
    this.spare.push(stream)
  }

  private refreshDeadline(): void {
    let earliest = 0
    for (const stream of this.active) if (earliest === 0 || stream.deadlineMs < earliest) earliest = stream.deadlineMs
    this.deadlineMs = earliest
  }

  /** Sends queued requests while there is room, or settles close(). */
  private next(): void {
    while (this.active.length < this.room()) {
      const queued = this.queue.shift()
      if (queued === undefined) break
      if (this.destroyed) {
        queued.handler.onError(new ClientError('aborted', 'the connection was destroyed'))
        continue
      }
      const now = performance.now()
      queued.handler.onSend(now)
      this.start(queued.method, queued.path, queued.headers, queued.body, now + queued.timeoutMs, queued.handler, false)
    }
    if (this.active.length === 0 && this.queue.settle()) this.shut()
  }

  close(): Promise<void> {
    const waiting = this.queue.close(this.active.length > 0)
    if (this.active.length === 0) this.shut()
    return waiting
  }

  destroy(): Promise<void> {
    this.queue.destroy(new ClientError('aborted', 'the connection was destroyed'))
    for (const stream of [...this.active]) {
      stream.session?.cancel(stream)
      this.finish(stream, new ClientError('aborted', 'the connection was destroyed'))
    }
    this.shut()
    return Promise.resolve()
  }

  private shut(): void {
    unwatch(this)
    const session = this.session
    this.session = null
    session?.destroy(new ClientError('aborted', 'the connection was closed'))
  }
}
