/**
 * An HTTP/1.x response parser for the load client: one response at a time (the client never
 * pipelines), fed the socket's chunks as they come. It reads what a load generator needs and
 * no more: the status, the header lines as one string (one latin1 slice of the head, split into
 * fields only when a scenario reads them), and the body framed by Content-Length, chunked coding
 * or the connection's close. 1xx answers are skipped. Anything that is not HTTP/1.x fails with a `bad_response` code.
 *
 * It is as strict as Node's llhttp (test/h1-differential.test.ts feeds both the same bytes and
 * lists where they differ, and why): lines end in CRLF (a bare LF fails as soon as it arrives),
 * header names are tokens, values hold no control characters, Content-Length comes at most once
 * and never with Transfer-Encoding (the pair is how responses get smuggled), chunk lines have no
 * stray spaces. A head is checked with one regular expression (native code, no allocation);
 * a head identical to the last one is not checked or parsed again.
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

/**
 * Largest response head accepted, in bytes on the wire before its final CRLFCRLF. Node and undici
 * count 16 KiB of reason, names and values only: counting every byte as it arrives bounds what
 * is held while a head is awaited, and is never looser (test/h1-differential.test.ts).
 */
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

/** RFC 9112 §4: "HTTP/1.x", a three-digit code, a reason of anything but CR and LF (llhttp's rule). */
const STATUS_LINE = /^HTTP\/1\.[01] \d{3}(?: [^\r\n]*)?$/
/** RFC 9110 §5: a token, a colon, a value of visible characters, spaces, tabs and obs-text. */
const FIELD_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:[\t\x20-\x7e\x80-\xff]*$/
/** A whole head without its final CRLFCRLF: the status line, then field lines. */
const HEAD_FORM = new RegExp(`^${inner(STATUS_LINE)}(?:\\r\\n${inner(FIELD_LINE)})*$`)
/**
 * RFC 9112 §7.1: a hex size (leading zeros allowed, at most 64 bits as llhttp), then extensions
 * `;name` or `;name=token` or `;name="quoted"`, with no spaces anywhere (llhttp refuses them).
 */
const CHUNK_SIZE_LINE = /^0*([0-9a-fA-F]{1,16})(?:;[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:=(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+|"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t -~\x80-\xff])*"))?)*$/
/** How much of a chunk is decoded to look for the end of the head. */
const PREFIX_BYTES = 1024

export class ResponseParser {
  private state = State.Done
  private pending: Buffer | null = null
  private remaining = 0
  private keepAlive = true
  private noBody = false
  private line = ''
  /** Bytes of trailer lines so far: 16 KiB at most, as for a head. */
  private trailerBytes = 0
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
      // Empty lines before a status line are skipped (RFC 9112 §2.2 says so of requests; llhttp
      // does it for responses too).
      while (data[offset] === 13 || data[offset] === 10) if (++offset === limit) return -1
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
        // Lines complete so far are checked now, so a bare-LF head fails at once rather than
        // waiting for a CRLFCRLF that never comes.
        if (data.subarray(offset, limit).indexOf(10) >= 0) checkPartialHead(bytes, start, stop)
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
    if (parsed.status < 200) return // 1xx (101 was refused when parsed): the real answer follows
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
    if (!HEAD_FORM.test(head)) throw new ClientError('bad_response', describeBadHead(head))
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
      const colon = head.indexOf(':', i) // HEAD_FORM saw one on every line
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
    // Both present: which one frames the body is where proxies and servers disagree (request
    // smuggling, RFC 9112 §6.3); llhttp refuses the pair outright, whatever the status.
    if (length >= 0 && transferEncoding) throw new ClientError('bad_response', 'Content-Length together with Transfer-Encoding')
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
    if (text.length > MAX_HEAD_BYTES) throw new ClientError('bad_response', 'chunk line too long')
    if (text.charCodeAt(text.length - 1) !== 13) throw new ClientError('bad_response', 'bare LF (a line end without CR) in the chunked body')
    const line = text.slice(0, -1)
    if (this.state === State.ChunkDataEnd) {
      if (line !== '') throw new ClientError('bad_response', 'chunk data longer than its size')
      this.state = State.ChunkSize
    } else if (this.state === State.ChunkSize) {
      const size = CHUNK_SIZE_LINE.exec(line)
      if (size === null) throw new ClientError('bad_response', `bad chunk size line ${JSON.stringify(line.slice(0, 40))}`)
      this.remaining = parseInt(size[1]!, 16)
      if (this.remaining === 0) {
        this.state = State.Trailers
        this.trailerBytes = 0
      } else {
        this.state = State.ChunkData
      }
    } else if (line === '') {
      this.finish() // the empty line after the (usually absent) trailers
    } else {
      this.trailerBytes += text.length + 1
      if (this.trailerBytes > MAX_HEAD_BYTES) throw new ClientError('bad_response', 'trailers larger than 16 KiB')
      if (!FIELD_LINE.test(line)) throw new ClientError('bad_response', `malformed trailer line ${JSON.stringify(line.slice(0, 60))}`)
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

/** The code of a status line HEAD_FORM accepted: "HTTP/1.x NNN". */
function statusOf(head: string): number {
  const status = (head.charCodeAt(9) - 48) * 100 + (head.charCodeAt(10) - 48) * 10 + (head.charCodeAt(11) - 48)
  // llhttp takes any three digits. Below 100 is invalid (RFC 9110 §15), and status 0 is how the
  // report says no answer came: refused. 600-999 pass as llhttp has them (RFC 9110: treat as 5xx).
  if (status < 100) throw new ClientError('bad_response', `status ${head.slice(9, 12)} is below 100`)
  // Never asked for (the client sends no Upgrade): llhttp would stop parsing HTTP here.
  if (status === 101) throw new ClientError('bad_response', 'the server switched protocols (101) though no upgrade was asked for')
  return status
}

/**
 * Lines complete so far in a head that has not ended: a bare LF or a malformed line fails now.
 * `bytes[start, stop)` holds the head's bytes; the last line may be unfinished.
 */
function checkPartialHead(bytes: Buffer, start: number, stop: number): void {
  const lastLf = bytes.lastIndexOf(10, stop - 1)
  if (lastLf < start) return
  const text = bytes.toString('latin1', start, lastLf + 1)
  if (text.charCodeAt(text.length - 2) !== 13 || !HEAD_FORM.test(text.slice(0, -2))) {
    throw new ClientError('bad_response', describeBadHead(text))
  }
}

/** Why HEAD_FORM refused `head` (the failure path only: it may take its time). */
function describeBadHead(head: string): string {
  const bareLf = /(?:^|[^\r])\n/.exec(head)
  if (bareLf) return 'bare LF (a line end without CR) in the response head'
  const lines = head.split('\r\n')
  if (!STATUS_LINE.test(lines[0]!)) return `bad status line ${JSON.stringify(lines[0]!.slice(0, 40))}`
  for (const line of lines.slice(1)) {
    if (line === '' || FIELD_LINE.test(line)) continue
    if (line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) return `obsolete line folding (a line starting with whitespace) ${JSON.stringify(line.slice(0, 60))}`
    return `malformed header line ${JSON.stringify(line.slice(0, 60))}`
  }
  return 'malformed response head'
}

/** A line regex's body, to compose HEAD_FORM from the line rules. */
function inner(line: RegExp): string {
  return line.source.slice(1, -1)
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

/**
 * Digits between `start` and `end`, spaces around allowed. A second Content-Length is refused even
 * with the same value: RFC 9110 §8.6 lets a recipient accept that, llhttp does not, nor do we.
 */
function contentLength(head: string, start: number, end: number, previous: number): number {
  if (previous >= 0) throw new ClientError('bad_response', 'Content-Length given twice')
  while (start < end && (head.charCodeAt(start) === 32 || head.charCodeAt(start) === 9)) start++
  while (end > start && (head.charCodeAt(end - 1) === 32 || head.charCodeAt(end - 1) === 9)) end--
  let length = 0
  let digits = 0
  for (let k = start; k < end; k++) {
    const digit = head.charCodeAt(k) - 48
    if (digit < 0 || digit > 9) throw new ClientError('bad_response', `bad Content-Length ${JSON.stringify(head.slice(start, end).slice(0, 20))}`)
    // Leading zeros are fine; more than 19 digits cannot be a 64-bit length (llhttp's limit).
    if ((length > 0 || digit > 0) && ++digits > 19) throw new ClientError('bad_response', `Content-Length ${head.slice(start, end).slice(0, 30)} is too large`)
    length = length * 10 + digit
  }
  if (start === end) throw new ClientError('bad_response', 'empty Content-Length')
  return length
}
