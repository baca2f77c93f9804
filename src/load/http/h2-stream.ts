/**
 * One request on the runner's HTTP/2 client: what was asked (kept to send it again after a
 * refused stream or a drained connection) and where its answer stands. An H2Connection keeps
 * the streams of finished requests and reuses them, as ThreadHttp reuses its exchanges.
 */
import type { ResponseHandler } from './response-handler.ts'

/** What a stream and its connection need of the session it runs on (h2-session.ts implements it). */
export interface StreamSession {
  /** The socket is gone. */
  readonly closed: boolean
  /** The server's SETTINGS arrived. */
  readonly settled: boolean
  /** Requests answered on it so far. */
  readonly completed: number
  cancel(stream: H2Stream): void
  destroy(error: Error): void
}

export class H2Stream {
  id = 0
  session: StreamSession | null = null
  handler: ResponseHandler | null = null
  // The request.
  method = ''
  path = ''
  headers: readonly string[] = []
  block: Buffer = EMPTY
  /** The HEADERS frame last written for a request on this stream object (h2-session.ts headersFrame), and the block it carries. */
  frame: Buffer | null = null
  frameBlock: Buffer = EMPTY
  /** The server answered the request `frame` carried: every octet of it was sent, it may be written again. */
  frameSent = false
  body: Buffer | null = null
  isHead = false
  idempotent = false
  /** Sent again already: a second failure counts. */
  retried = false
  deadlineMs = 0
  /** Octets of the body sent so far; the rest waits for window. */
  sentBody = 0
  /** What the server lets this stream send (its SETTINGS_INITIAL_WINDOW_SIZE plus WINDOW_UPDATEs, minus DATA sent). */
  sendWindow = 0
  // The answer.
  /** The final status; 0 until the final head. */
  status = 0
  /** Some frame of the answer (a head, 1xx included) arrived. */
  answered = false
  /** content-length of the answer, or -1. */
  contentLength = -1
  bodyBytes = 0
  /** DATA octets received since this stream's last WINDOW_UPDATE. */
  unacked = 0

  reset(): void {
    this.id = 0
    this.session = null
    this.sentBody = 0
    this.status = 0
    this.answered = false
    this.contentLength = -1
    this.bodyBytes = 0
    this.unacked = 0
  }

  /** Lets go of the request's parts once it is done. */
  release(): void {
    this.handler = null
    this.session = null
    this.headers = NO_HEADERS
    this.block = EMPTY
    this.body = null
  }
}

const EMPTY = Buffer.alloc(0)
const NO_HEADERS: readonly string[] = []
