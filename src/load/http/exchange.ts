/**
 * One request in flight: the handler the connection calls back, either our own H1Connection
 * (onHead with header lines) or undici's `dispatch` (onHeaders with header Buffers). One object
 * per request, no closures, and it is also the Response the request resolves to; it hands
 * itself back to its ThreadHttp when done or failed.
 *
 * For undici it implements the original handler methods (onConnect/onHeaders/onData/onComplete/
 * onError): undici calls them directly, whereas a handler written against the newer
 * onRequestStart/onResponseStart API gets wrapped in an adapter that also turns the raw header
 * list into an object on every response, work a load generator would rather skip.
 */
import type { ResponseHandler } from './h1-connection.ts'
import { appServerTimingUs, isHeader } from './raw-headers.ts'
import { Response } from './response.ts'

export interface ExchangeOwner {
  complete(exchange: Exchange, error: Error | null): void
}

export class Exchange extends Response implements ResponseHandler {
  bytesIn = 0
  headersAtMs = 0
  coldStart = false
  resolve: (value: any) => void = noop

  constructor(
    readonly owner: ExchangeOwner,
    readonly method: string,
    readonly endpoint: string,
    readonly bytesOut: number,
    readonly keepBody: boolean,
    /** When the request was handed to undici. */
    readonly sentAtMs: number,
    /** Where latency counts from: the send, or the scheduled start in a rate phase. */
    readonly latencyFromMs: number,
  ) {
    super()
  }

  onConnect(): void {}

  onHeaders(status: number, raw: Buffer[], _resume: unknown, _text: string): boolean {
    if (status < 200) return true // 1xx: the real answer follows
    this.status = status
    this.rawHeaders = raw
    this.headersAtMs = performance.now()
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!
      if (isHeader(name, 'x-cold-start')) this.coldStart = raw[i + 1]!.toString('latin1').trim() === '1'
      else if (isHeader(name, 'server-timing')) this.serverUs = appServerTimingUs(raw[i + 1]!.toString('latin1'))
    }
    return true
  }

  /** Our own connection reads the clock only when the body did not come with the head (see h1-connection.ts). */
  onHead(status: number, headers: string, coldStart: boolean, serverTiming: string | undefined): void {
    this.status = status
    this.rawHeaders = headers
    this.headersAtMs = -1
    this.coldStart = coldStart
    if (serverTiming !== undefined) this.serverUs = appServerTimingUs(serverTiming)
  }

  onData(chunk: Buffer): boolean {
    this.bytesIn += chunk.length
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
