import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FaultLog } from './lib/fault-log.ts'
import { hostProblem } from './lib/host-header.ts'
import { BadInput, CLOSE, HttpError, NO_APP_TIME } from './lib/http-error.ts'
import { pathOfUrl, targetProblem } from './lib/request-target.ts'

/**
 * Requests one connection may have waiting behind an unfinished answer. A
 * client that pipelines a thousand requests and never reads its answers made
 * Node parse them all from one read and hold every answer in memory (docs/api.md,
 * "Hostile input": 8.5 MB per connection). Past this many the connection is
 * closed once the requests before the bound are answered; the ones beyond it
 * are never run. Ordinary clients (one request at a time, or a few pipelined)
 * never come near it.
 */
export const MAX_QUEUED_PER_CONNECTION = 32

/** How long a flooding connection has to read the answers it is owed before it is cut. */
const FLOOD_ANSWER_MS = 10_000

const queued = Symbol('edgeload.queued')
const lastRun = Symbol('edgeload.lastRun')
const closing = Symbol('edgeload.closing')
const broken = Symbol('edgeload.broken')
const goodHost = Symbol('edgeload.goodHost')

/** Node's own per-connection fields, read by the guard. */
export type GuardedSocket = Socket & {
  [queued]?: number
  /** The response of the last request this connection had run (or accepted to run). */
  [lastRun]?: ServerResponse
  /** The connection ends once its owed answers are written; nothing more on it runs. */
  [closing]?: boolean
  /** The parser's refusal of a pipelined request whose body broke: its answer when its turn comes. */
  [broken]?: HttpError
  /** The last Host value this connection sent that passed the rule (keep-alive clients repeat it). */
  [goodHost]?: string
  _httpMessage?: ServerResponse | null
}

export type Listener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * Runs before the app on every Node request and keeps one promise: a request
 * that is run gets its answer, and one that cannot be answered is not run.
 *
 * - A request on a connection that is closing (an earlier answer closed it, the
 *   parser failed, a flood) is dropped unrun.
 * - A pipelined request (one arriving while an earlier answer on the
 *   connection is unfinished) runs when its turn to be answered comes, so a
 *   request behind an answer that closes the connection never runs; more than
 *   MAX_QUEUED_PER_CONNECTION waiting closes the connection after the ones
 *   within the bound are answered.
 * - The version, the framing of an HTTP/1.0 body, the Host and the request
 *   target are checked (lib/host-header.ts, lib/request-target.ts): a refusal
 *   is the JSON error; all but the target's close the connection.
 */
export function guardRequests(next: Listener, log: FaultLog): Listener {
  const run: Listener = (req, res) => {
    const socket = req.socket as GuardedSocket
    const refusal = (socket[closing] && !req.complete ? socket[broken] : undefined) ?? requestProblem(req, socket)
    if (refusal) return writeError(res, refusal)
    next(req, res)
  }
  return (req, res) => {
    const socket = req.socket as GuardedSocket
    // Not writable: ended or destroyed, so an answer could never be written.
    if (socket[closing] || !socket.writable) return
    // Node assigns the socket to this response unless an earlier one is still
    // being written: then this request waits in Node's per-connection queue.
    if (socket._httpMessage === res) {
      if (socket[queued]) socket[queued] = 0
      socket[lastRun] = res
      res.on('finish', forgetFinished)
      return run(req, res)
    }
    const waiting = (socket[queued] ?? 0) + 1
    socket[queued] = waiting
    if (waiting > MAX_QUEUED_PER_CONNECTION) {
      log.client('pipelining flood', `closing a connection from ${socket.remoteAddress ?? 'an unknown address'} with more than ${MAX_QUEUED_PER_CONNECTION} requests waiting for their answers; the ones beyond are not run`)
      closeAfterAnswers(socket, () => socket.destroy(), FLOOD_ANSWER_MS)
      return
    }
    socket[lastRun] = res
    res.on('finish', forgetFinished)
    res.once('socket', () => run(req, res))
  }
}

/**
 * A finished answer whose request was read to its end needs no keeping: every
 * use of lastRun treats it as no answer at all (closeAfterAnswers closes at
 * once, refuseAfterAnswers takes the request as complete). Keeping it until
 * the connection's next request held every connection's last response and
 * request objects alive between requests: in A/B runs of a
 * one-route app under wrk (bench/tools/ab-servers.ts) the guard made 26-37%
 * fewer req/s at the same CPU per request, and ~10% once this was dropped.
 * One shared listener, no closure per request.
 */
function forgetFinished(this: ServerResponse): void {
  const socket = this.req.socket as GuardedSocket | null
  if (socket && socket[lastRun] === this && this.req.complete) socket[lastRun] = undefined
}

/**
 * After the parser refused what the connection sent (`refusal` closes it):
 * when the refused bytes are the body of the last request, that request gets
 * the refusal as its answer, now or when its turn comes; otherwise the
 * requests before them keep their answers and `close` runs after the last.
 */
export function refuseAfterAnswers(socket: GuardedSocket, refusal: HttpError, close: () => void): void {
  const last = socket[lastRun]
  if (!last || last.req.complete) return closeAfterAnswers(socket, close)
  socket[closing] = true
  if (socket._httpMessage !== last) {
    socket[broken] = refusal
    return
  }
  if (!last.headersSent && socket.writable) socket.end(refusal.raw())
  socket.destroy()
}

/**
 * Marks the connection as closing (nothing more on it runs) and calls `close`
 * once the answer of the last request it ran is written, or at once when there
 * is none; after `boundMs` at the latest, for a client that does not read.
 */
export function closeAfterAnswers(socket: GuardedSocket, close: () => void, boundMs?: number): void {
  if (socket[closing]) return
  socket[closing] = true
  const last = socket[lastRun]
  if (!last || last.writableFinished || last.destroyed) return close()
  let done = false
  const once = () => {
    if (done) return
    done = true
    clearTimeout(timer)
    close()
  }
  // 'close' follows 'finish' (and comes alone when the socket goes first).
  last.once('close', once)
  const timer = boundMs === undefined ? undefined : setTimeout(once, boundMs)
  timer?.unref()
}

/** Writes the JSON error on a response; Node closes the connection after it when the error says so. */
export function writeError(res: ServerResponse, error: HttpError): void {
  const body = error.body()
  res.writeHead(error.status, { ...error.headerRecord(body), ...NO_APP_TIME })
  res.end(body)
}

/** The first rule the request breaks, or undefined. Every refusal closes the connection. */
function requestProblem(req: IncomingMessage, socket: GuardedSocket): HttpError | undefined {
  if (req.httpVersionMajor !== 1 || req.httpVersionMinor > 1) {
    return new HttpError(400, `HTTP version ${req.httpVersion} is not supported here: this port speaks HTTP/1.0 and HTTP/1.1`, 'version', CLOSE)
  }
  // RFC 9112 section 6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
  if (req.httpVersionMinor === 0 && req.headers['transfer-encoding'] !== undefined) {
    return new HttpError(400, 'Transfer-Encoding is not allowed in an HTTP/1.0 request: its framing cannot be trusted', 'Transfer-Encoding', CLOSE)
  }
  const value = req.headers.host
  const host = (value !== undefined && value === socket[goodHost] ? undefined : hostProblem(value)) ?? repeatedHost(req)
  // A request that could name another host closes its connection, as one with broken framing.
  if (host) return new HttpError(host.status, host.message, host.field, CLOSE)
  socket[goodHost] = value
  const target = req.url ?? ''
  return targetProblem(target.charCodeAt(0) === 47 ? target : pathOfUrl(target))
}

function repeatedHost(req: IncomingMessage): BadInput | undefined {
  let seen = 0
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    if (isHost(raw[i]) && ++seen > 1) return new BadInput('Host', 'Host header is repeated: a request names one host')
  }
  return undefined
}

/** `host` in any case, compared by character: no lower-cased copy of every header name per request. */
function isHost(name: string): boolean {
  return name.length === 4 &&
    (name.charCodeAt(0) | 32) === 104 && (name.charCodeAt(1) | 32) === 111 && (name.charCodeAt(2) | 32) === 115 && (name.charCodeAt(3) | 32) === 116
}
