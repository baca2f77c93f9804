/**
 * What `http.get(...)` resolves to. Most iterations never read the body or the headers, so both
 * stay as the connection handed them (header lines or Buffers, body chunks) until a scenario
 * asks: decoding is paid only when used. The request's Exchange is its own Response (one object
 * per request rather than two); the fields are filled in as the answer arrives and completes.
 */
import type { ErrorKind } from '../metrics/run-metrics.ts'
import type { HttpResponse, Timings } from '../scenario.ts'
import { headersObject, type RawHeaders } from './raw-headers.ts'

const EMPTY = Buffer.alloc(0)

export class Response implements HttpResponse {
  status = 0
  rawHeaders: RawHeaders = null
  /** The body as received: one chunk (the usual case) or several; null when not kept. */
  chunks: Buffer | Buffer[] | null = null
  error: ErrorKind | undefined = undefined
  errorMessage: string | undefined = undefined
  durationUs = 0
  /** -1: this request did not open the connection. */
  connectUs = -1
  waitingUs = 0
  receivingUs = 0
  /** -1: no `Server-Timing: app;dur=` in the answer. */
  serverUs = -1
  private text: string | undefined = undefined
  private headerMap: Record<string, string> | undefined = undefined

  get ok(): boolean {
    return this.status >= 200 && this.status < 400
  }

  get body(): string {
    if (this.text === undefined) this.text = this.chunks ? this.joined().toString('utf8') : ''
    return this.text
  }

  get bytes(): Uint8Array | undefined {
    return this.chunks ? this.joined() : undefined
  }

  get headers(): Record<string, string> {
    if (this.headerMap === undefined) this.headerMap = headersObject(this.rawHeaders)
    return this.headerMap
  }

  get timings(): Timings {
    const timings: Timings = {
      waiting: this.waitingUs / 1000,
      receiving: this.receivingUs / 1000,
      duration: this.durationUs / 1000,
    }
    if (this.connectUs >= 0) timings.connect = this.connectUs / 1000
    if (this.serverUs >= 0) timings.server = this.serverUs / 1000
    return timings
  }

  json<T = unknown>(): T {
    return JSON.parse(this.body) as T
  }

  private joined(): Buffer {
    const chunks = this.chunks!
    if (!Array.isArray(chunks)) return chunks
    if (chunks.length === 0) return EMPTY
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
  }
}
