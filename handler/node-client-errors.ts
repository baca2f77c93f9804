import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FaultLog } from './lib/fault-log.ts'
import { CLOSE, HttpError } from './lib/http-error.ts'
import { CONNECT_REFUSED } from './lib/request-target.ts'
import { closeAfterAnswers, refuseAfterAnswers, writeError } from './node-request-guard.ts'
import type { GuardedSocket } from './node-request-guard.ts'

/**
 * Answers what Node's HTTP parser refuses before any request exists (a header
 * without a colon, an unknown method, a Content-Length and Transfer-Encoding
 * together, a header block over 16 KiB, ...) with the API's JSON error instead
 * of Node's empty body (docs/api.md, "Hostile input"), and closes the connection: after a
 * framing error nothing more on it can be trusted. Requests the connection
 * sent before the broken one keep their answers: the refusal is written after
 * the last of them (Node's default cut them off, and a step POST was stored
 * behind a 400). Each refusal is one rate-limited log line.
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
    refuseAfterAnswers(socket as GuardedSocket, refusal, () => {
      // Not writable: the last answer closed the connection (it said Connection:
      // close, so what came after it is not read: RFC 9112 section 9.6).
      if (socket.writable) socket.end(refusal.raw())
      socket.destroy()
    })
  })
  // Without a listener Node drops a CONNECT without an answer: this is no proxy.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    closeAfterAnswers(socket as GuardedSocket, () => {
      if (socket.writable) socket.end(CONNECT_REFUSED.raw())
      socket.destroy()
    })
  })
  // Without a listener Node answers 417 with an empty body.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    writeError(res, new HttpError(417, `Expect header is not supported: ${JSON.stringify(String(req.headers.expect).slice(0, 60))} (only 100-continue)`, 'Expect', CLOSE))
  })
}

/** llhttp's error codes, grouped by what the client got wrong. */
function refusalFor(code: string): HttpError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return refusal(431, 'headers are too large (over 16 KiB in all)', 'headers')
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return refusal(413, 'body chunk extensions are too large', 'body')
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return refusal(408, 'request was not received in time', 'request')
    case 'HPE_INVALID_METHOD':
      return refusal(400, 'method is not a known HTTP method', 'method')
    case 'HPE_INVALID_URL':
      return refusal(400, 'path (request target) is malformed', 'path')
    case 'HPE_INVALID_VERSION':
      return refusal(400, 'version of the request line is malformed', 'version')
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return refusal(400, 'Content-Length is invalid, repeated, or sent with Transfer-Encoding', 'Content-Length')
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return refusal(400, 'Transfer-Encoding is invalid: only a final "chunked" is accepted', 'Transfer-Encoding')
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_INVALID_EOF_STATE':
    case 'HPE_STRICT':
      return refusal(400, 'body framing is malformed or the body was cut short', 'body')
    case 'HPE_INVALID_HEADER_TOKEN':
      return refusal(400, 'headers are malformed (a name with a space or no colon, or a forbidden byte)', 'headers')
    default:
      return refusal(400, `request is malformed (${code.replace(/^HPE_/, '').toLowerCase()})`, 'request')
  }
}

const refusal = (status: 400 | 408 | 413 | 431, error: string, field: string) => new HttpError(status, error, field, CLOSE)
