/**
 * What `http.get(...)` resolves to. Most iterations never read the body or the headers, so both
 * stay as the connection handed them (header lines or Buffers, body chunks) until a scenario
 * asks: decoding (and decompressing, per Content-Encoding) is paid only when used. Built once the request is over, so the only objects a
 * request in flight keeps in the young generation are its promises (see exchange.ts).
 */
import type { ErrorKind } from '../metrics/run-metrics.ts'
import type { HttpResponse, Timings } from '../scenario.ts'
import { decodeBody } from './decompress.ts'
import { headersObject, headerValue, type RawHeaders } from './raw-headers.ts'

const EMPTY = Buffer.alloc(0)

export class Response implements HttpResponse {
  private text: string | undefined = undefined
  private decoded: Buffer | undefined = undefined
  private headerMap: Record<string, string> | undefined = undefined

  constructor(
    readonly status: number,
    private readonly rawHeaders: RawHeaders,
    /** The body as received: one chunk (the usual case) or several; null when not kept. */
    private readonly chunks: Buffer | Buffer[] | null,
    readonly error: ErrorKind | undefined,
    readonly errorMessage: string | undefined,
    private readonly durationUs: number,
    /** -1: this request did not open the connection. */
    private readonly connectUs: number,
    private readonly waitingUs: number,
    private readonly receivingUs: number,
    /** -1: no `Server-Timing: app;dur=` in the answer. */
    private readonly serverUs: number,
    private readonly origin: string,
    private readonly path: string,
    /** Redirects followed to get here. */
    readonly redirects: number,
    readonly protocol: string,
  ) {}

  get url(): string {
    return this.origin + this.path
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 400
  }

  /** Throws a BodyDecodeError (the iteration's error, or a failed check) when compressed bytes are corrupt. */
  get body(): string {
    if (this.text === undefined) this.text = this.chunks ? this.content().toString('utf8') : ''
    return this.text
  }

  get bytes(): Uint8Array | undefined {
    return this.chunks ? this.content() : undefined
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

  /** The body decompressed per its Content-Encoding, once. */
  private content(): Buffer {
    if (this.decoded === undefined) {
      const encoding = headerValue(this.rawHeaders, 'content-encoding')
      this.decoded = encoding === undefined ? this.joined() : decodeBody(this.joined(), encoding)
    }
    return this.decoded
  }

  private joined(): Buffer {
    const chunks = this.chunks!
    if (!Array.isArray(chunks)) return chunks
    if (chunks.length === 0) return EMPTY
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
  }
}
