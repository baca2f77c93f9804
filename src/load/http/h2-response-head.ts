/**
 * Reads one decoded HTTP/2 header block of an answer (RFC 9113 §8.1, §8.2, §8.3.2) into what
 * the rest of the client reads: the status and the header lines `name: value` separated by CRLF
 * (raw-headers.ts), as the HTTP/1.1 client hands them on. What makes the answer malformed is
 * noted in `problem` (the stream then fails as a `bad_response`): an upper-case or invalid
 * name, a pseudo-header other than `:status` or after a regular field, a connection-specific
 * field (HTTP/2 has no `Connection`), a value with NUL, CR or LF, a `content-length` that is not
 * one number. The block is decoded whole whatever its problems, since the decoder's table must
 * follow every block.
 *
 * A value with spaces or tabs around it (RFC 9113 §8.2.1 forbids them) is trimmed, as HTTP/1.1
 * trims them: node:http2 (nghttp2) drops such a field altogether, which hides what the server
 * said (test/h2-differential.test.ts states the difference).
 */
import type { HeaderSink } from './hpack-decoder.ts'

const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'])

/** Characters of a field name: RFC 9110 tchar, lower case only. */
const NAME_CHAR = new Uint8Array(128)
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz") NAME_CHAR[c.charCodeAt(0)] = 1

export class ResponseHead implements HeaderSink {
  /** -1: no :status; otherwise its value. */
  status = -1
  lines = ''
  contentLength = -1
  problem = ''
  pseudo = 0
  private regular = 0

  begin(): this {
    this.status = -1
    this.lines = ''
    this.contentLength = -1
    this.problem = ''
    this.pseudo = 0
    this.regular = 0
    return this
  }

  /** Takes another head's fields. */
  copy(other: ResponseHead): this {
    this.status = other.status
    this.lines = other.lines
    this.contentLength = other.contentLength
    this.problem = other.problem
    this.pseudo = other.pseudo
    this.regular = other.regular
    return this
  }

  header(name: string, value: string): void {
    if (this.problem !== '') return
    if (name.charCodeAt(0) === 58) return this.pseudoHeader(name, value)
    this.regular++
    if (!validName(name)) return void (this.problem = `the header name ${JSON.stringify(name)} is not a lower-case token`)
    if (!validValue(value)) return void (this.problem = `the value of ${name} holds NUL, CR or LF`)
    if (CONNECTION_SPECIFIC.has(name)) return void (this.problem = `the connection-specific header ${name}, which HTTP/2 forbids`)
    if (name === 'content-length') {
      const length = /^[0-9]{1,15}$/.test(value) ? Number(value) : -1
      if (length < 0 || (this.contentLength >= 0 && length !== this.contentLength)) return void (this.problem = `content-length ${JSON.stringify(value)} is not one number`)
      this.contentLength = length
    }
    if (value.length > 0 && (isBlank(value.charCodeAt(0)) || isBlank(value.charCodeAt(value.length - 1)))) value = value.replace(/^[ \t]+|[ \t]+$/g, '')
    this.lines = this.lines === '' ? `${name}: ${value}` : `${this.lines}\r\n${name}: ${value}`
  }

  private pseudoHeader(name: string, value: string): void {
    this.pseudo++
    if (this.regular > 0) return void (this.problem = `the pseudo-header ${name} after a regular header`)
    if (name !== ':status') return void (this.problem = `the pseudo-header ${name} in an answer`)
    if (this.status >= 0) return void (this.problem = 'two :status pseudo-headers')
    if (!/^[0-9]{3}$/.test(value)) return void (this.problem = `:status ${JSON.stringify(value)} is not three digits`)
    this.status = Number(value)
  }
}

function validName(name: string): boolean {
  if (name.length === 0) return false
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c >= 128 || NAME_CHAR[c] !== 1) return false
  }
  return true
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9
}

function validValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === 0 || c === 10 || c === 13) return false
  }
  return true
}
