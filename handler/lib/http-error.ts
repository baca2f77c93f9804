/** Every status the API answers with an error (docs/api.md). */
export type ErrorStatus = 400 | 404 | 405 | 408 | 413 | 415 | 417 | 431 | 500 | 502 | 503

const REASONS: Record<ErrorStatus, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

/** Headers of an answer that must end its connection (the framing after it cannot be trusted). */
export const CLOSE: Readonly<Record<string, string>> = Object.freeze({ connection: 'close' })

/** Server-Timing of an answer decided before the app ran (every answer carries one: docs/api.md). */
export const NO_APP_TIME: Readonly<Record<string, string>> = Object.freeze({ 'server-timing': 'app;dur=0' })

const NONE: Readonly<Record<string, string>> = Object.freeze({})
const encoder = new TextEncoder()

/**
 * An answer that is not a success, carrying all of it: status, message, the
 * field at fault and its own headers (Allow, Retry-After, Connection: close).
 * Thrown or returned wherever the answer is decided (parameters, bodies, the
 * Host and request-target rules, Node's guard and parser refusals, the local
 * Worker's front) and written the same way everywhere: JSON `{ error, field? }`
 * (docs/api.md), as hono's HTTPException carries its Response.
 */
export class HttpError extends Error {
  constructor(
    readonly status: ErrorStatus,
    message: string,
    readonly field?: string,
    readonly headers: Readonly<Record<string, string>> = NONE,
  ) {
    super(message)
  }

  /** The connection is closed after this answer. */
  get closes(): boolean {
    return this.headers.connection === 'close'
  }

  body(): string {
    return JSON.stringify(this.field === undefined ? { error: this.message } : { error: this.message, field: this.field })
  }

  /** Content-Type, Content-Length and the error's own headers, for a server that writes them itself. */
  headerRecord(body = this.body()): Record<string, string> {
    return { 'content-type': 'application/json', 'content-length': String(encoder.encode(body).length), ...this.headers }
  }

  /** For fetch-style servers; `extra` adds headers (Server-Timing). */
  response(extra?: Record<string, string>): Response {
    const body = this.body()
    return new Response(body, { status: this.status, headers: extra ? { ...this.headerRecord(body), ...extra } : this.headerRecord(body) })
  }

  /** The whole HTTP/1.1 response, for a socket that has no response object (a request that never parsed). */
  raw(): string {
    const body = this.body()
    const headers = Object.entries(this.headerRecord(body)).map(([name, value]) => `${name}: ${value}\r\n`).join('')
    return `HTTP/1.1 ${this.status} ${REASONS[this.status]}\r\n${headers}\r\n${body}`
  }
}

/** A malformed or out-of-range input: 400 naming the field. */
export class BadInput extends HttpError {
  constructor(field: string, message: string) {
    super(400, message, field)
  }
}
