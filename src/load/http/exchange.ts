/**
 * One request in flight: the handler its connection (HTTP/1.1 or HTTP/2, transport.ts) calls
 * back. No closures; it hands itself back to its ThreadHttp when done or failed. Each thread
 * reuses its exchanges (`start` resets one): an object alive while a request is in flight would
 * otherwise be young and survive garbage collections, which is what makes V8 grow its young
 * generation.
 */
import type { ResponseCallback } from './response-callback.ts'
import type { ResponseHandler } from './response-handler.ts'
import type { RawHeaders } from './raw-headers.ts'

export interface ExchangeOwner {
  complete(exchange: Exchange, error: Error | null): void
}

export class Exchange implements ResponseHandler {
  status = 0
  rawHeaders: RawHeaders = null
  /** The body as received: one chunk (the usual case) or several; null when not kept. */
  chunks: Buffer | Buffer[] | null = null
  /** Octets of the answer and of the request as they crossed the wire (see ResponseHandler): data_received, data_sent. */
  bytesIn = 0
  headersAtMs = 0
  resolve: (value: any) => void = noop
  method = ''
  endpoint = ''
  bytesOut = 0
  keepBody = true
  /** When the request was handed to the connection. */
  sentAtMs = 0
  /** When the script made the request (sentAtMs moves when it waited behind another). */
  issuedAtMs = 0
  /** Handing the bytes to the socket took this long (µs). */
  sendingUs = 0
  /** Where latency counts from: the send, or the scheduled start in a rate phase. */
  latencyFromMs = 0
  /** Recorded in the run's metrics (not setup/teardown, not sent after Ctrl-C). */
  measured = true
  /** For `res.url`. */
  origin = ''
  path = ''
  /** The request's own `tags` option. */
  tags: Record<string, string> | undefined = undefined
  /** Which statuses are expected (the request's or the scenario's responseCallback); undefined: 2xx and 3xx. */
  expected: ResponseCallback | undefined = undefined
  /** What was sent, kept to follow a redirect: headers (without the jar's cookies), body, timeout. */
  headers: readonly string[] = NO_HEADERS
  body: Buffer | null = null
  timeoutMs = 0
  /** Redirects this request may follow, and how many it has followed. */
  redirectLimit = 0
  hops = 0
  /** The request sends the thread's cookies and keeps those its answer sets. */
  cookies = true
  /** The connection carrying it (its protocol goes in the response). */
  connection: object | null = null

  constructor(readonly owner: ExchangeOwner) {}

  /** Readies this exchange for a new request. */
  start(method: string, endpoint: string, keepBody: boolean, sentAtMs: number, latencyFromMs: number): this {
    this.status = 0
    this.rawHeaders = null
    this.chunks = null
    this.bytesIn = 0
    this.headersAtMs = 0
    this.resolve = noop
    this.method = method
    this.endpoint = endpoint
    this.bytesOut = 0
    this.keepBody = keepBody
    this.sentAtMs = sentAtMs
    this.issuedAtMs = sentAtMs
    this.sendingUs = 0
    this.latencyFromMs = latencyFromMs
    return this
  }

  /** Lets go of what the finished request held, so a reused exchange keeps nothing alive. */
  release(): void {
    this.rawHeaders = null
    this.chunks = null
    this.resolve = noop
    this.headers = NO_HEADERS
    this.body = null
    this.connection = null
    this.tags = undefined
    this.expected = undefined
  }

  /** The HTTP/1.1 connection reads the clock only when the body did not come with the head (see h1-connection.ts); HTTP/2 sets it after this. */
  onHead(status: number, headers: string): void {
    this.status = status
    this.rawHeaders = headers
    this.headersAtMs = -1
  }

  /**
   * The request was queued behind another on its connection and goes out only now: its latency
   * counts from now, unless it counts from a scheduled start (rate phases), which stands.
   */
  onSend(nowMs: number): void {
    if (this.latencyFromMs === this.sentAtMs) this.latencyFromMs = nowMs
    this.sentAtMs = nowMs
  }

  onData(chunk: Buffer): boolean {
    if (!this.keepBody) return true
    const chunks = this.chunks
    if (chunks === null) this.chunks = chunk
    else if (Array.isArray(chunks)) chunks.push(chunk)
    else this.chunks = [chunks, chunk]
    return true
  }

  onComplete(): void {
    this.owner.complete(this, null)
  }

  onError(error: Error): void {
    this.owner.complete(this, error)
  }
}

function noop(): void {}

const NO_HEADERS: readonly string[] = []
