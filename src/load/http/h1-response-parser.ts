/**
 * An HTTP/1.x response parser for the load client: one response at a time (the client never
 * pipelines), fed the socket's chunks as they come. It reads what a load generator needs and
 * no more: the status, the header lines as one string (one latin1 slice of the head, split into
 * fields only when a scenario reads them), and the body framed by Content-Length, chunked coding or the connection's close.
 * 1xx answers are skipped. Anything that is not HTTP/1.x fails with a `bad_response` code.
 */
import { ClientError } from './h1-errors.ts'

/** What the parser tells its connection. */
export interface ResponseSink {
  /** `headers`: the header lines as received, CRLF-separated (see raw-headers.ts). */
  onHead(status: number, headers: string): void
  /** Body bytes `data[start, end)`; `data` may be a reused buffer (copy what you keep). */
  onBody(data: Buffer, start: number, end: number): void
  /** The response is complete; `reusable` is false when the server closes the connection. */
  onEnd(reusable: boolean): void
}

/** Largest response head accepted (undici's default too). */
export const MAX_HEAD_BYTES = 16 * 1024

/** What the parser reads from a head, kept to reuse when the next head is the same. */
interface ParsedHead {
  status: number
  length: number
  chunked: boolean
  transferEncoding: boolean
  keepAlive: boolean
  /** The header lines, without the status line. */
  lines: string
}

const NO_HEAD: ParsedHead = {
  status: 0, length: -1, chunked: false, transferEncoding: false, keepAlive: false, lines: '',
}

const enum State { Head, Length, ChunkSize, ChunkData, ChunkDataEnd, Trailers, UntilClose, Done }

const CRLF_CRLF = Buffer.from('\r\n\r\n')
/** How much of a chunk is decoded to look for the end of the head. */
const PREFIX_BYTES = 1024

export class ResponseParser {
  private state = State.Done
  private pending: Buffer | null = null
  private remaining = 0
  private keepAlive = true
  private noBody = false
  private line = ''
  private last: ParsedHead = NO_HEAD
  /** The last head's bytes, its CRLFCRLF included, to recognise it when it comes again. */
  private lastBytes: Buffer | null = null

  constructor(private readonly sink: ResponseSink) {}

  /** Starts waiting for the response to a request; `head` for HEAD requests (never a body). */
  expect(head: boolean): void {
    this.state = State.Head
    this.pending = null
    this.noBody = head
    this.line = ''
  }

  /** True while a response is expected and not complete. */
  get busy(): boolean {
    return this.state !== State.Done
  }

  /** True once the head of the awaited response is in (its body may still be coming). */
  get headDone(): boolean {
    return this.state !== State.Head && this.state !== State.Done
  }

  /** True when the body runs until the server closes: the close completes it. */
  get endsAtClose(): boolean {
    return this.state === State.UntilClose
  }

  /**
   * Feeds `data[0, end)`; throws a ClientError on bytes that are not a valid response. `data`
   * may be a reused read buffer (valid during this call only): what the parser keeps, it copies.
   */
  feed(data: Buffer, end = data.length): void {
    let offset = 0
    while (offset < end) {
      switch (this.state) {
        case State.Head: {
          const consumed = this.head(data, offset, end)
          if (consumed < 0) return
          offset = consumed
          break
        }
        case State.Length: {
          const take = Math.min(this.remaining, end - offset)
          this.sink.onBody(data, offset, offset + take)
          offset += take
          this.remaining -= take
          if (this.remaining === 0) this.finish()
          break
        }
        case State.UntilClose:
          this.sink.onBody(data, offset, end)
          return
        case State.ChunkSize:
        case State.ChunkDataEnd:
        case State.Trailers:
          offset = this.chunkLine(data, offset, end)
          break
        case State.ChunkData: {
          const take = Math.min(this.remaining, end - offset)
          this.sink.onBody(data, offset, offset + take)
          offset += take
          this.remaining -= take
          if (this.remaining === 0) this.state = State.ChunkDataEnd
          break
        }
        case State.Done:
          throw new ClientError('bad_response', 'the server sent bytes after the response')
      }
    }
  }

  /** Parses the head once it is all there; returns the offset after it, or -1 to wait for more. */
  private head(data: Buffer, offset: number, limit: number): number {
    if (!this.pending) {
      const after = this.repeatedHead(data, offset, limit)
      if (after >= 0) return after
    }
    let bytes = data
    let start = offset
    let stop = limit
    if (this.pending) {
      bytes = Buffer.concat([this.pending, data.subarray(offset, limit)])
      start = 0
      stop = bytes.length
      this.pending = null
    }
    // Most heads are a few hundred bytes: decode a prefix once and search it as a string, which
    // is cheaper than Buffer.indexOf plus a decode of the head afterwards.
    const prefix = bytes.toString('latin1', start, Math.min(stop, start + PREFIX_BYTES))
    checkStart(prefix)
    let end = prefix.indexOf('\r\n\r\n')
    let head: string
    if (end >= 0) {
      head = prefix.slice(0, end)
      end += start
    } else {
      end = stop - start > PREFIX_BYTES ? bytes.subarray(0, stop).indexOf(CRLF_CRLF, start) : -1
      if (end < 0) {
        if (stop - start > MAX_HEAD_BYTES) throw new ClientError('bad_response', 'response head larger than 16 KiB')
        this.pending = Buffer.from(bytes.subarray(start, stop))
        return -1
      }
      if (end - start > MAX_HEAD_BYTES) throw new ClientError('bad_response', 'response head larger than 16 KiB')
      head = bytes.toString('latin1', start, end)
    }
    const parsed = this.parseFields(head)
    this.last = parsed
    this.lastBytes = Buffer.from(bytes.subarray(start, end + 4))
    this.apply(parsed)
    const after = end + 4
    // When the head came from `pending`, `after` indexes the joined buffer: hand the rest on.
    if (bytes !== data) {
      if (after < stop) this.feed(bytes.subarray(after, stop))
      return limit
    }
    return after
  }

  /**
   * A server sends the same head again and again (the Date in it changes once a second): when
   * the bytes equal the last head's, its parsed fields are reused without decoding anything.
   * Returns the offset after the head, or -1 when it is not the same head.
   */
  private repeatedHead(data: Buffer, offset: number, limit: number): number {
    const last = this.lastBytes
    if (last === null || limit - offset < last.length || data.compare(last, 0, last.length, offset, offset + last.length) !== 0) return -1
    this.apply(this.last)
    return offset + last.length
  }

  private apply(parsed: ParsedHead): void {
    if (parsed.status < 200) return // 1xx: the real answer follows; stay in State.Head
    this.keepAlive = parsed.keepAlive
    this.sink.onHead(parsed.status, parsed.lines)
    if (this.noBody || parsed.status === 204 || parsed.status === 304) return this.finish()
    if (parsed.transferEncoding) {
      if (parsed.chunked) return void (this.state = State.ChunkSize)
      this.keepAlive = false
      return void (this.state = State.UntilClose)
    }
    if (parsed.length >= 0) {
      if (parsed.length === 0) return this.finish()
      this.remaining = parsed.length
      return void (this.state = State.Length)
    }
    this.keepAlive = false
    this.state = State.UntilClose
  }

  private parseFields(head: string): ParsedHead {
    const status = statusOf(head)
    let length = -1
    let chunked = false
    let transferEncoding = false
    let connection = ''
    const firstLine = head.indexOf('\r\n')
    let i = firstLine < 0 ? head.length : firstLine + 2
    // Only the headers that frame the message are decoded here (this layer knows HTTP only);
    // the rest stay in the head string until someone above asks.
    while (i < head.length) {
      let eol = head.indexOf('\r\n', i)
      if (eol < 0) eol = head.length
      const colon = head.indexOf(':', i)
      if (colon <= i || colon > eol) throw new ClientError('bad_response', `malformed header line ${JSON.stringify(head.slice(i, eol).slice(0, 60))}`)
      switch (colon - i) {
        case 14:
          if (isName(head, i, colon, 'content-length')) length = contentLength(head, colon + 1, eol, length)
          break
        case 17:
          if (isName(head, i, colon, 'transfer-encoding')) {
            transferEncoding = true
            chunked = /(?:^|,)\s*chunked\s*$/i.test(head.slice(colon + 1, eol))
          }
          break
        case 10:
          if (isName(head, i, colon, 'connection')) connection = head.slice(colon + 1, eol)
          break
      }
      i = eol + 2
    }
    const parsed: ParsedHead = {
      status, length, chunked, transferEncoding,
      keepAlive: keepsAlive(connection, head.charCodeAt(7) === 48),
      lines: firstLine < 0 ? '' : head.slice(firstLine + 2),
    }
    return parsed
  }

  /** Chunk-size lines, the CRLF after each chunk's data, and trailer lines. */
  private chunkLine(data: Buffer, offset: number, end: number): number {
    let eol = data.indexOf(10, offset) // '\n'
    if (eol >= end) eol = -1 // found only in stale bytes past this read
    if (eol < 0) {
      this.line += data.toString('latin1', offset, end)
      if (this.line.length > MAX_HEAD_BYTES) throw new ClientError('bad_response', 'chunk line too long')
      return end
    }
    const text = this.line + data.toString('latin1', offset, eol)
    this.line = ''
    const line = text.endsWith('\r') ? text.slice(0, -1) : text
    if (this.state === State.ChunkDataEnd) {
      if (line !== '') throw new ClientError('bad_response', 'chunk data longer than its size')
      this.state = State.ChunkSize
    } else if (this.state === State.ChunkSize) {
      const semicolon = line.indexOf(';')
      const hex = (semicolon < 0 ? line : line.slice(0, semicolon)).trim()
      if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw new ClientError('bad_response', `bad chunk size ${JSON.stringify(hex.slice(0, 20))}`)
      this.remaining = parseInt(hex, 16)
      this.state = this.remaining === 0 ? State.Trailers : State.ChunkData
    } else if (line === '') {
      this.finish() // the empty line after the (usually absent) trailers
    }
    return eol + 1
  }

  private finish(): void {
    this.state = State.Done
    this.sink.onEnd(this.keepAlive)
  }

  /** The server closed the connection: completes a body that runs until close, else false. */
  closed(): boolean {
    if (this.state !== State.UntilClose) return false
    this.state = State.Done
    this.sink.onEnd(false)
    return true
  }
}

/** Fails at once on a first byte that cannot start "HTTP/", as a strict parser would. */
function checkStart(prefix: string): void {
  if (prefix.length >= 5 ? !prefix.startsWith('HTTP/') : !'HTTP/'.startsWith(prefix)) {
    throw new ClientError('bad_response', 'the answer is not HTTP/1.x')
  }
}

function statusOf(head: string): number {
  // "HTTP/1.1 200 ..." — version 1.0 or 1.1, then a three-digit status.
  if (!head.startsWith('HTTP/1.') || (head.charCodeAt(7) !== 48 && head.charCodeAt(7) !== 49) || head.charCodeAt(8) !== 32) {
    throw new ClientError('bad_response', `bad status line ${JSON.stringify(head.slice(0, 40))}`)
  }
  const d0 = head.charCodeAt(9) - 48
  const d1 = head.charCodeAt(10) - 48
  const d2 = head.charCodeAt(11) - 48
  const after = head.charCodeAt(12)
  if (d0 < 1 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || !(Number.isNaN(after) || after === 32 || after === 13)) {
    throw new ClientError('bad_response', `bad status line ${JSON.stringify(head.slice(0, 40))}`)
  }
  return d0 * 100 + d1 * 10 + d2
}

/** HTTP/1.1 keeps the connection unless `Connection: close`; HTTP/1.0 only with keep-alive. */
function keepsAlive(connection: string, http10: boolean): boolean {
  const value = connection.trim()
  if (value === '') return !http10
  if (value === 'keep-alive' || value === 'Keep-Alive') return true
  const lower = value.toLowerCase()
  return http10 ? lower.includes('keep-alive') : !lower.includes('close')
}

/** Compares a header name in place, case-insensitively, with a lower-case name of the same length. */
function isName(head: string, start: number, end: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    const c = head.charCodeAt(start + k)
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(k)) return false
  }
  return end - start === lower.length
}

/** Digits between `start` and `end`, spaces around allowed; repeated headers must agree (RFC 9110 8.6). */
function contentLength(head: string, start: number, end: number, previous: number): number {
  while (start < end && (head.charCodeAt(start) === 32 || head.charCodeAt(start) === 9)) start++
  while (end > start && (head.charCodeAt(end - 1) === 32 || head.charCodeAt(end - 1) === 9)) end--
  let length = 0
  for (let k = start; k < end; k++) {
    const digit = head.charCodeAt(k) - 48
    if (digit < 0 || digit > 9 || k - start >= 15) throw new ClientError('bad_response', `bad Content-Length ${JSON.stringify(head.slice(start, end).slice(0, 20))}`)
    length = length * 10 + digit
  }
  if (start === end) throw new ClientError('bad_response', 'empty Content-Length')
  if (previous >= 0 && previous !== length) throw new ClientError('bad_response', 'conflicting Content-Length headers')
  return length
}
