import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FaultLog } from './lib/fault-log.ts'

/**
 * Answers what Node's HTTP parser refuses before any request exists (a header
 * without a colon, an unknown method, a Content-Length and Transfer-Encoding
 * together, a header block over 16 KiB, ...) with the API's JSON error instead
 * of Node's empty body (docs/api.md, "Hostile input"), and closes the connection: after a
 * framing error nothing more on it can be trusted. Each refusal is one
 * rate-limited log line.
 */
export function answerClientErrors(server: Server, log: FaultLog): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const code = err.code ?? 'unknown'
    if (code === 'ECONNRESET' || code === 'EPIPE') {
      socket.destroy()
      return
    }
    const refusal = refusalFor(code)
    log.client('client error', `${refusal.status} ${code} from ${socket.remoteAddress ?? 'a closed connection'}: ${err.message}`)
    // As Node's default: answer only if no response is on its way on this
    // socket, otherwise the client would read two answers to one request.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
    if (socket.writable && (!inFlight || !inFlight.headersSent)) {
      socket.end(errorResponse(refusal.status, refusal.error, refusal.field))
    }
    socket.destroy()
  })
  // Without a listener Node answers 417 with an empty body.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify({ error: `Expect header is not supported: ${JSON.stringify(String(req.headers.expect).slice(0, 60))} (only 100-continue)`, field: 'Expect' })
    res.writeHead(417, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' })
    res.end(body)
  })
}

interface Refusal { status: number; field: string; error: string }

/** llhttp's error codes, grouped by what the client got wrong. */
function refusalFor(code: string): Refusal {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, field: 'headers', error: 'headers are too large (over 16 KiB in all)' }
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, field: 'body', error: 'body chunk extensions are too large' }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, field: 'request', error: 'request was not received in time' }
    case 'HPE_INVALID_METHOD':
      return { status: 400, field: 'method', error: 'method is not a known HTTP method' }
    case 'HPE_INVALID_URL':
      return { status: 400, field: 'path', error: 'path (request target) is malformed' }
    case 'HPE_INVALID_VERSION':
      return { status: 400, field: 'version', error: 'version of the request line is malformed' }
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return { status: 400, field: 'Content-Length', error: 'Content-Length is invalid, repeated, or sent with Transfer-Encoding' }
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return { status: 400, field: 'Transfer-Encoding', error: 'Transfer-Encoding is invalid: only a final "chunked" is accepted' }
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_INVALID_EOF_STATE':
    case 'HPE_STRICT':
      return { status: 400, field: 'body', error: 'body framing is malformed or the body was cut short' }
    case 'HPE_INVALID_HEADER_TOKEN':
      return { status: 400, field: 'headers', error: 'headers are malformed (a name with a space or no colon, or a forbidden byte)' }
    default:
      return { status: 400, field: 'request', error: `request is malformed (${code.replace(/^HPE_/, '').toLowerCase()})` }
  }
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Content Too Large', 431: 'Request Header Fields Too Large' }

/** A whole HTTP/1.1 response as bytes: there is no ServerResponse for a request that never parsed. */
export function errorResponse(status: number, error: string, field: string): string {
  const body = JSON.stringify({ error, field })
  return `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
}
