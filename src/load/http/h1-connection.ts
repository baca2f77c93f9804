/**
 * One thread's keep-alive HTTP/1.1 connection over a plain `net.Socket`: one request at a
 * time, written as one latin1 string (plus the body), the answer read by ResponseParser.
 *
 * Why not undici here: on a fast target the per-request work inside undici (request objects
 * and validation, its queue, llhttp's wasm-to-JS callback per header, a Buffer per header
 * name and value) costs more than the engine and the metrics together, and a load generator
 * that is slower than its target measures itself. Plain-http origins go through this class over
 * TCP, https ones over TLS (`openSocket`, tls-socket.ts) unless ALPN chooses HTTP/2.
 *
 * Timeouts come from one shared sweep of deadlines (h1-timeouts.ts): no timer is armed or
 * re-armed per request. Like undici, a connection idle
 * for more than KEEP_ALIVE_MS is not reused, so a request does not race a server that is
 * closing it (Node's servers close idle connections after 5 s). A server with a shorter
 * keep-alive may still close the connection just as a request goes out on it: an idempotent
 * request (undici's retry list) that got no byte of answer is then sent once more on a new
 * connection, and counted as a retry rather than as a reset (ARCHITECTURE.md, "HTTP").
 */
import { connect, type Socket } from 'node:net'
import { ClientError } from './h1-errors.ts'
import type { ResponseHandler } from './response-handler.ts'
import { unwatch, watch, type Expirable } from './h1-timeouts.ts'
import { requestHead } from './h1-request-head.ts'
import { ResponseParser, type ResponseSink } from './h1-response-parser.ts'
import { RequestQueue } from './request-queue.ts'
import type { OnRead } from './tls-socket.ts'
import { READ_BUFFER } from './read-buffer.ts'


/** A request waiting for the one in flight on this connection. */
interface Queued {
  head: string
  body: Buffer | null
  timeoutMs: number
  isHead: boolean
  idempotent: boolean
  handler: ResponseHandler
}

export const KEEP_ALIVE_MS = 4000

/** Methods sent again after a keep-alive race: idempotent (RFC 9110 §9.2.2), as undici's retry handler lists them. */
const RETRIED_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'])

export class H1Connection implements ResponseSink, Expirable {
  deadlineMs = 0
  private socket: Socket | null = null
  private handler: ResponseHandler | null = null
  private readonly parser = new ResponseParser(this)
  private lastSendMs = 0
  private readonly queue = new RequestQueue<Queued>()
  private lastRequest: { method: string; path: string; headers: readonly string[]; bodyLength: number; head: string } = {
    method: '', path: '', headers: [], bodyLength: -1, head: '',
  }
  private readonly host: string
  private readonly port: number
  private readonly hostHeader: string
  // The request in flight, kept to send it again after a keep-alive race (see retryOrFail).
  private head = ''
  private body: Buffer | null = null
  private isHead = false
  private idempotent = false
  /** It went out on a connection that had carried a request before. */
  private reused = false
  /** Some byte of its answer arrived. */
  private answered = false
  /** It was sent again already: a second failure counts. */
  private retried = false

  constructor(
    origin: string,
    private readonly onConnect: () => void,
    /** A request went out again on a new connection after a keep-alive race. */
    private readonly onRetry: () => void = () => {},
    /**
     * Opens the socket instead of a plain TCP connection (TLS for https, tls-socket.ts): it
     * must pass `onread` on and call `onConnect` once the socket can carry requests.
     */
    private readonly openSocket?: (onread: OnRead, onConnect: () => void) => Socket,
  ) {
    const url = new URL(origin)
    this.host = url.hostname.replace(/^\[|\]$/g, '')
    this.port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
    this.hostHeader = url.host
    watch(this)
  }

  get closed(): boolean {
    return this.queue.closed
  }

  get destroyed(): boolean {
    return this.queue.destroyed
  }

  /**
   * Sends a request; the handler hears its answer or its failure. Throws on an invalid path.
   * A thread that sends several requests at once (Promise.all) gets them one after the other
   * on its connection, as undici does with pipelining 1.
   */
  dispatch(
    method: string, path: string, headers: readonly string[], body: Buffer | null, timeoutMs: number,
    /** performance.now() at the send, for the keep-alive check (the caller has it already). */
    nowMs: number,
    handler: ResponseHandler,
  ): void {
    const head = this.headFor(method, path, headers, body?.length ?? 0)
    if (this.queue.refuse(handler)) return
    const idempotent = RETRIED_METHODS.has(method)
    if (this.handler) return this.queue.push({ head, body, timeoutMs, isHead: method === 'HEAD', idempotent, handler })
    if (this.socket && nowMs - this.lastSendMs > KEEP_ALIVE_MS) this.drop(this.socket)
    this.lastSendMs = nowMs
    this.retried = false
    this.send(head, body, nowMs + timeoutMs, method === 'HEAD', idempotent, handler)
  }

  /** The same request as last time (a fixed path) reuses its head string. */
  private headFor(method: string, path: string, headers: readonly string[], bodyLength: number): string {
    const last = this.lastRequest
    if (last.path === path && last.method === method && last.headers === headers && last.bodyLength === bodyLength) return last.head
    const head = requestHead(method, path, this.hostHeader, headers, bodyLength)
    this.lastRequest = { method, path, headers, bodyLength, head }
    return head
  }

  private send(head: string, body: Buffer | null, deadlineMs: number, isHead: boolean, idempotent: boolean, handler: ResponseHandler): void {
    this.reused = this.socket !== null
    const socket = this.socket ?? this.open()
    this.deadlineMs = deadlineMs
    this.handler = handler
    this.head = head
    this.body = body
    this.isHead = isHead
    this.idempotent = idempotent
    this.answered = false
    this.parser.expect(isHead)
    handler.bytesOut += head.length + (body?.length ?? 0) // latin1: one octet a character
    if (body && body.length > 0) {
      socket.cork()
      socket.write(head, 'latin1')
      socket.write(body)
      socket.uncork()
    } else {
      socket.write(head, 'latin1')
    }
  }

  /** Lets a request in flight finish, then closes the socket. */
  close(): Promise<void> {
    const busy = this.handler !== null
    const closing = this.queue.close(busy)
    if (!busy) {
      unwatch(this)
      if (this.socket) this.drop(this.socket)
    }
    return closing
  }

  /** Cuts the connection now; a request in flight fails as aborted. */
  destroy(): Promise<void> {
    unwatch(this)
    const aborted = new ClientError('aborted', 'the connection was destroyed')
    this.queue.destroy(aborted)
    if (this.socket) this.fail(this.socket, aborted)
    return Promise.resolve()
  }

  onHead(status: number, headers: string): void {
    this.handler?.onHead(status, headers)
  }

  onBody(data: Buffer, start: number, end: number): void {
    const handler = this.handler
    if (!handler) return
    // The bytes sit in the shared read buffer: a body that is kept gets its own copy (one
    // allocation, no view first); one that is not is only counted.
    if (!handler.keepBody) return // counted with the whole read (onData)
    const copy = Buffer.allocUnsafe(end - start) // small sizes come from Node's shared pool
    data.copy(copy, 0, start, end)
    handler.onData(copy)
  }

  onEnd(reusable: boolean): void {
    const handler = this.handler
    this.handler = null
    this.body = null
    this.deadlineMs = 0
    if ((!reusable || (this.closed && this.queue.length === 0)) && this.socket) this.drop(this.socket)
    handler?.onComplete()
    this.next()
  }

  private open(): Socket {
    // `onread`: reads land in one shared buffer handed to a callback, skipping the stream
    // machinery (a Buffer, a push and a 'data' event per read); the parser copies what it keeps.
    const onread: OnRead = { buffer: READ_BUFFER, callback: (size: number) => this.onData(socket, size) }
    const socket: Socket = this.openSocket ? this.openSocket(onread, this.onConnect) : connect({ host: this.host, port: this.port, onread })
    if (!this.openSocket) {
      socket.setNoDelay(true)
      socket.on('connect', this.onConnect)
    }
    socket.on('end', () => this.onServerClosed(socket))
    socket.on('close', () => this.onServerClosed(socket))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset or a broken pipe while the request goes out on a reused connection: the same race.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') this.retryOrFail(socket, error)
      else this.fail(socket, error)
    })
    this.socket = socket
    return socket
  }

  /** The read is READ_BUFFER[0, size): valid during this call only. */
  private onData(socket: Socket, size: number): boolean {
    if (socket !== this.socket) return true
    if (!this.parser.busy) {
      this.fail(socket, new ClientError('bad_response', 'the server sent bytes nobody asked for'))
      return true
    }
    this.answered = true
    if (this.handler !== null) this.handler.bytesIn += size
    try {
      this.parser.feed(READ_BUFFER, size)
    } catch (error) {
      this.fail(socket, error as Error)
      return true
    }
    // The head came but not all the body: now is when the headers arrived.
    if (this.handler !== null && this.handler.headersAtMs < 0 && this.parser.headDone) this.handler.headersAtMs = performance.now()
    return true
  }

  /** The server ended the connection: completes a body read until close, else fails the request. */
  private onServerClosed(socket: Socket): void {
    if (socket !== this.socket) return
    if (this.handler && this.parser.closed()) return
    const error = this.parser.headDone
      ? new ClientError('reset', 'the server closed the connection mid-body')
      : new ClientError('reset', 'the server closed the connection before answering')
    this.retryOrFail(socket, error)
  }

  /**
   * The server dropped the connection under the request in flight. When the connection had
   * been idle between requests, the server most likely closed it for its keep-alive timeout as
   * the request went out: nothing of the request was processed, so an idempotent one goes out
   * again, once, on a new connection. Anything else fails with `error`.
   */
  private retryOrFail(socket: Socket, error: Error): void {
    if (socket !== this.socket) return
    const handler = this.handler
    if (handler === null || !this.reused || this.answered || !this.idempotent || this.retried || this.destroyed) {
      this.fail(socket, error)
      return
    }
    this.drop(socket)
    this.retried = true
    this.onRetry()
    this.send(this.head, this.body, this.deadlineMs, this.isHead, true, handler)
  }

  /** The sweep found the request in flight past its deadline. */
  expire(): void {
    if (!this.handler || !this.socket) return
    this.fail(this.socket, new ClientError('timeout', 'no answer within the request timeout'))
  }

  /** Drops the socket and fails the request in flight on it, if any. */
  private fail(socket: Socket, error: Error): void {
    if (socket !== this.socket) return
    this.drop(socket)
    const handler = this.handler
    this.handler = null
    this.body = null
    this.deadlineMs = 0
    handler?.onError(error)
    this.next()
  }

  private drop(socket: Socket): void {
    if (this.socket === socket) this.socket = null
    socket.destroy()
  }

  /** Sends the next queued request (on a new connection if this one was dropped), or settles close(). */
  private next(): void {
    const queued = this.queue.shift()
    if (!queued) return this.settleClose()
    // Queued behind another request: the connection was busy, not idle; no keep-alive check.
    const now = performance.now()
    queued.handler.onSend(now)
    this.retried = false
    this.send(queued.head, queued.body, now + queued.timeoutMs, queued.isHead, queued.idempotent, queued.handler)
  }

  private settleClose(): void {
    if (this.handler || !this.queue.settle()) return
    unwatch(this)
    if (this.socket) this.drop(this.socket)
  }
}
