import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FaultLog } from './lib/fault-log.ts'
import { hostProblem } from './lib/host-header.ts'

/**
 * Requests one connection may have waiting behind an unfinished answer. A
 * client that pipelines a thousand requests and never reads its answers made
 * Node parse them all from one read and hold every answer in memory (docs/api.md,
 * "Hostile input": 8.5 MB per connection); past this many the connection is closed and
 * the rest of what it sent is dropped unanswered. Ordinary clients (one
 * request at a time, or a few pipelined) never come near it.
 */
export const MAX_QUEUED_PER_CONNECTION = 32

const queued = Symbol('edgeload.queued')
type GuardedSocket = Socket & { [queued]?: number; _httpMessage?: ServerResponse | null }

export type Listener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * Runs before the app on every Node request: drops requests of a connection
 * already closed as abusive, closes connections that queue too many, and
 * answers a missing, repeated or malformed Host itself (400 JSON naming Host)
 * for every HTTP version, as the other runtimes do (lib/host-header.ts).
 */
export function guardRequests(next: Listener, log: FaultLog): Listener {
  return (req, res) => {
    const socket = req.socket as GuardedSocket
    if (socket.destroyed) return
    // Node assigns the socket to this response unless an earlier one is still
    // being written: then this request waits in Node's per-connection queue.
    // Counting that case needs no listener per request.
    if (socket._httpMessage !== res) {
      const waiting = (socket[queued] ?? 0) + 1
      socket[queued] = waiting
      if (waiting > MAX_QUEUED_PER_CONNECTION) {
        log.client('pipelining flood', `closed a connection from ${socket.remoteAddress ?? 'an unknown address'} with more than ${MAX_QUEUED_PER_CONNECTION} requests waiting for their answers`)
        socket.destroy()
        return
      }
    } else if (socket[queued]) {
      socket[queued] = 0
    }
    const problem = hostProblem(req.headers.host) ?? repeatedHost(req)
    if (problem) return refuseHost(res, problem)
    next(req, res)
  }
}

function repeatedHost(req: IncomingMessage): string | undefined {
  let seen = 0
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].length === 4 && req.rawHeaders[i].toLowerCase() === 'host' && ++seen > 1) return 'Host header is repeated: a request names one host'
  }
  return undefined
}

function refuseHost(res: ServerResponse, error: string): void {
  const body = JSON.stringify({ error, field: 'Host' })
  res.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' })
  res.end(body)
}
