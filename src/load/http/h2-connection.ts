/**
 * One thread's HTTP/2 connection on node:http2: one session, over TLS (ALPN `h2`) or without it
 * (h2c, by prior knowledge), and one request (stream) at a time on it, as over HTTP/1.1: a
 * thread's overlapping requests queue, so a latency never includes waiting behind another stream.
 *
 * Why node:http2 and not undici: on this 2-core machine a bare loop of undici HTTP/2 requests
 * made about a fifth of the requests a bare node:http2 loop made against the same server, and
 * the runner over undici made 83 req/s with 50 connections where h2load made 716
 * (docs/http-client.md, "What it costs"). node:http2 keeps the framing in nghttp2 (C++); per
 * request it costs a stream object and its events, nothing more.
 *
 * The session is opened on the first request and again after it closes (the server's GOAWAY,
 * an idle timeout, an error). Request timeouts use the HTTP/1.1 connections' shared sweep
 * (h1-timeouts.ts). Stream events go to module functions that find their connection on the
 * stream, so no closure is made per request.
 */
import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2'
import type { Duplex } from 'node:stream'
import { ClientError } from './h1-errors.ts'
import type { ResponseHandler } from './h1-connection.ts'
import { unwatch, watch, type Expirable } from './h1-timeouts.ts'
import { checkRequestTarget } from './h1-request-head.ts'
import type { PendingRequest, Protocol, Transport } from './transport.ts'

/** Headers HTTP/2 forbids (RFC 9113 §8.2.2) or carries as pseudo-headers (`host`: `:authority`). */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host'])
const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH'])

const OWNER = Symbol('h2 connection')
type OwnedStream = ClientHttp2Stream & { [OWNER]: H2Connection }

export class H2Connection implements Transport, Expirable {
  readonly protocol: Protocol = 'HTTP/2.0'
  closed = false
  destroyed = false
  deadlineMs = 0
  private session: ClientHttp2Session | null = null
  private stream: ClientHttp2Stream | null = null
  /** The session the stream in flight runs on. */
  private streamSession: ClientHttp2Session | null = null
  /** The stream in flight got its response head. */
  private answered = false
  private handler: ResponseHandler | null = null
  private queue: PendingRequest[] | null = null
  private closeWaiter: (() => void) | null = null
  /** The request headers as HTTP/2 sends them, built once per header list the thread uses. */
  private lastHeaders: readonly string[] | null = null
  private lastFields: OutgoingHttpHeaders = {}
  private authority: string

  constructor(
    private readonly origin: string,
    /** The socket a new session runs on: TLS offering `h2`, or TCP for h2c. */
    private readonly openSocket: () => Duplex,
    private readonly onConnect: () => void,
  ) {
    this.authority = new URL(origin).host
    watch(this)
  }

  dispatch(method: string, path: string, headers: readonly string[], body: Buffer | null, timeoutMs: number, nowMs: number, handler: ResponseHandler): void {
    checkRequestTarget(method, path)
    if (this.closed || this.destroyed) {
      queueMicrotask(() => handler.onError(new ClientError('aborted', 'the connection was closed')))
      return
    }
    if (this.handler) {
      ;(this.queue ??= []).push({ method, path, headers, body, timeoutMs, handler })
      return
    }
    this.send(method, path, headers, body, nowMs + timeoutMs, handler)
  }

  private send(method: string, path: string, headers: readonly string[], body: Buffer | null, deadlineMs: number, handler: ResponseHandler): void {
    this.handler = handler
    this.deadlineMs = deadlineMs
    const session = this.session ?? this.open()
    const fields: OutgoingHttpHeaders = { ':method': method, ':path': path, ':authority': this.authority, ...this.fieldsOf(headers) }
    const length = body?.length ?? 0
    if (fields['content-length'] === undefined && (length > 0 || PAYLOAD_METHODS.has(method))) fields['content-length'] = length
    let stream: ClientHttp2Stream
    try {
      stream = session.request(fields, { endStream: length === 0 })
    } catch (error) {
      // A session that is closing refuses new streams (ERR_HTTP2_GOAWAY_SESSION ...): the request fails, counted.
      this.dropSession(session)
      return this.finish(error as Error)
    }
    ;(stream as OwnedStream)[OWNER] = this
    this.stream = stream
    this.streamSession = session
    this.answered = false
    stream.on('response', onResponse)
    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.on('error', onStreamError)
    stream.on('close', onClose)
    if (length > 0) stream.end(body)
  }

  /** Request headers in HTTP/2's lower case, without the connection-specific ones. */
  private fieldsOf(headers: readonly string[]): OutgoingHttpHeaders {
    if (headers === this.lastHeaders) return this.lastFields
    const fields: OutgoingHttpHeaders = {}
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = headers[i]!.toLowerCase()
      if (CONNECTION_HEADERS.has(name)) continue
      const seen = fields[name]
      fields[name] = seen === undefined ? headers[i + 1]! : name === 'cookie' ? `${seen}; ${headers[i + 1]}` : `${seen}, ${headers[i + 1]}`
    }
    this.lastHeaders = headers
    this.lastFields = fields
    return fields
  }

  private open(): ClientHttp2Session {
    const session = connect(this.origin, { createConnection: this.openSocket })
    session.on('connect', this.onConnect)
    session.on('error', (error: Error) => this.onSessionEnd(session, error))
    session.on('close', () => this.onSessionEnd(session, new ClientError('reset', 'the server closed the connection before answering')))
    // After a GOAWAY the session takes no new stream; the one in flight may still finish on it.
    session.on('goaway', () => {
      if (this.session === session) this.session = null
    })
    this.session = session
    return session
  }

  /** The session failed or closed: the request on it fails (if its own stream has not already said why). */
  private onSessionEnd(session: ClientHttp2Session, error: Error): void {
    if (this.session === session) this.session = null
    if (this.stream !== null && this.streamSession === session) this.fail(error)
  }

  private dropSession(session: ClientHttp2Session): void {
    if (this.session === session) this.session = null
    session.destroy()
  }

  response(stream: ClientHttp2Stream, headers: IncomingHttpHeaders): void {
    const handler = this.handler
    if (stream !== this.stream || handler === null) return
    this.answered = true
    handler.onHead(Number(headers[':status']), headerLines(headers))
    handler.headersAtMs = performance.now()
  }

  data(stream: ClientHttp2Stream, chunk: Buffer): void {
    const handler = this.handler
    if (stream !== this.stream || handler === null) return
    if (handler.keepBody) handler.onData(chunk)
    else handler.bytesIn += chunk.length
  }

  /** The stream's end: the answer is complete, unless no head came (a session destroyed under it ends its streams too). */
  end(stream: ClientHttp2Stream): void {
    if (stream !== this.stream) return
    if (this.answered) this.finish(null)
    else this.finish(new ClientError('reset', 'the server closed the connection before answering'))
  }

  streamFailed(stream: ClientHttp2Stream, error: Error): void {
    if (stream !== this.stream) return
    this.finish(new ClientError('reset', `the server reset the stream (${error.message})`))
  }

  /** The stream closed without its end: the server reset it, or the session went away under it. */
  closedEarly(stream: ClientHttp2Stream): void {
    if (stream !== this.stream) return
    const code = stream.rstCode
    const reason = code === undefined || code === constants.NGHTTP2_NO_ERROR ? 'closed the stream' : `reset the stream (code ${code})`
    this.finish(new ClientError('reset', `the server ${reason} ${this.answered ? 'mid-body' : 'before answering'}`))
  }

  /** The sweep found the request in flight past its deadline. */
  expire(): void {
    if (this.stream === null) return
    this.fail(new ClientError('timeout', 'no answer within the request timeout'))
  }

  /** Cancels the stream in flight and fails its request. */
  private fail(error: Error): void {
    const stream = this.stream
    if (stream !== null && !stream.destroyed) stream.close(constants.NGHTTP2_CANCEL)
    this.finish(error)
  }

  /** The request in flight is done (answered, or failed with `error`): its handler hears it, the next goes out. */
  private finish(error: Error | null): void {
    const handler = this.handler
    this.handler = null
    this.stream = null
    this.streamSession = null
    this.deadlineMs = 0
    if (handler !== null) {
      if (error === null) handler.onComplete()
      else handler.onError(error)
    }
    this.next()
  }

  private next(): void {
    const queued = this.queue?.shift()
    if (!queued) return this.settleClose()
    if (this.destroyed) {
      queued.handler.onError(new ClientError('aborted', 'the connection was destroyed'))
      return this.next()
    }
    const now = performance.now()
    queued.handler.onSend(now)
    this.send(queued.method, queued.path, queued.headers, queued.body, now + queued.timeoutMs, queued.handler)
  }

  close(): Promise<void> {
    this.closed = true
    if (this.handler === null) {
      this.shut()
      return Promise.resolve()
    }
    return new Promise((resolve) => (this.closeWaiter = resolve))
  }

  destroy(): Promise<void> {
    this.destroyed = true
    if (this.stream !== null) this.fail(new ClientError('aborted', 'the connection was destroyed'))
    this.next() // fails whatever is still queued
    this.shut()
    return Promise.resolve()
  }

  private settleClose(): void {
    if (this.handler !== null || !this.closeWaiter) return
    const resolve = this.closeWaiter
    this.closeWaiter = null
    this.shut()
    resolve()
  }

  private shut(): void {
    unwatch(this)
    const session = this.session
    this.session = null
    session?.destroy()
  }
}

/** The response's headers as the CRLF-separated lines the rest of the client reads (raw-headers.ts). */
function headerLines(headers: IncomingHttpHeaders): string {
  let lines = ''
  for (const name in headers) {
    if (name.charCodeAt(0) === 58) continue // :status
    const value = headers[name]
    if (Array.isArray(value)) for (const one of value) lines += `${lines === '' ? '' : '\r\n'}${name}: ${one}`
    else lines += `${lines === '' ? '' : '\r\n'}${name}: ${value}`
  }
  return lines
}

function onResponse(this: OwnedStream, headers: IncomingHttpHeaders): void {
  this[OWNER].response(this, headers)
}

function onData(this: OwnedStream, chunk: Buffer): void {
  this[OWNER].data(this, chunk)
}

function onEnd(this: OwnedStream): void {
  this[OWNER].end(this)
}

function onStreamError(this: OwnedStream, error: Error): void {
  this[OWNER].streamFailed(this, error)
}

function onClose(this: OwnedStream): void {
  this[OWNER].closedEarly(this)
}
