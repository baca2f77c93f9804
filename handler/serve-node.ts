import { RequestError, getRequestListener } from '@hono/node-server'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createFaultLog } from './lib/fault-log.ts'
import type { FaultLog } from './lib/fault-log.ts'
import { CLOSE, HttpError, NO_APP_TIME } from './lib/http-error.ts'
import { answerClientErrors } from './node-client-errors.ts'
import { guardRequests } from './node-request-guard.ts'
import type { Listener } from './node-request-guard.ts'

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number
  host: string
  /** How long close() lets in-flight requests finish before cutting connections. */
  graceMs?: number
  /** Where refused requests are logged (one rate-limited line each). */
  log?: FaultLog
}

export interface RunningServer {
  url: string
  port: number
  server: Server
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>
}

type FetchApp = { fetch: (request: Request, env?: unknown) => Response | Promise<Response> }

/** Serves a Hono app over node:http and resolves once it is listening. */
export function serveNode(app: FetchApp, { port, host, graceMs = 10_000, log = createFaultLog() }: ServeOptions): Promise<RunningServer> {
  const listener = nodeListener(app, log)
  // requireHostHeader off: the guard refuses a missing Host itself, with JSON.
  const server = createServer({ requireHostHeader: false }, listener)
  answerClientErrors(server, log)
  // Load tests open thousands of keep-alive connections; Node's default of
  // 5 s would close idle ones under the runner between phases.
  server.keepAliveTimeout = 65_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const actual = (server.address() as AddressInfo).port
      const shown = host.includes(':') ? `[${host}]` : host
      resolve({ url: `http://${shown}:${actual}`, port: actual, server, close: () => closeGracefully(server, graceMs) })
    })
  })
}

/** The request listener serveNode runs: the guard, then the app through @hono/node-server (exported for bench/tools/handler-micro.ts). */
export function nodeListener(app: FetchApp, log: FaultLog): Listener {
  const hono = getRequestListener(app.fetch, { autoCleanupIncoming: false, errorHandler: badTarget })
  return guardRequests((req, res) => {
    discardUnreadBodies(req, res)
    void hono(req, res)
  }, log)
}

/**
 * @hono/node-server throws a RequestError for a target or Host it cannot turn
 * into a URL (`GET *`, a backslash in the path, a Host with a path in it) and
 * would answer an empty 400; this is the API's JSON error instead (docs/api.md, "Hostile input").
 */
function badTarget(err: unknown): Response {
  if (!(err instanceof RequestError)) return new HttpError(500, 'internal error').response(NO_APP_TIME)
  const field = /host/i.test(err.message) ? 'Host' : 'path'
  const error = field === 'Host' ? `Host header is invalid (${err.message})` : `path (request target) is invalid: ${err.message}`
  return new HttpError(400, error, field, CLOSE).response(NO_APP_TIME)
}

const MAX_DISCARD_BYTES = 1024 * 1024

/**
 * Requests whose body the app did not read (a 413 decided from Content-Length,
 * a record POST) must be drained for the connection to be kept alive. An empty
 * body is released at once; @hono/node-server's own clean-up would add a
 * finish listener, a timer and three stream listeners to every such POST
 * (measured: the record route's gap to raw node:http). A large unread body is
 * read up to 1 MiB, then the connection is closed.
 */
function discardUnreadBodies(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' || req.method === 'HEAD') return
  if (req.headers['content-length'] === '0' && req.headers['transfer-encoding'] === undefined) {
    req.resume()
    return
  }
  res.once('finish', () => {
    if (req.readableEnded) return
    let read = 0
    req.on('data', (chunk: Buffer) => {
      read += chunk.length
      if (read > MAX_DISCARD_BYTES) req.socket.destroy()
    })
    req.resume()
  })
}

function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    const force = setTimeout(() => server.closeAllConnections(), graceMs)
    // Keep-alive sockets that finish their request after close() would hold it
    // open until they time out; sweep them as they become idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 50)
    force.unref()
    server.close(() => {
      clearTimeout(force)
      clearInterval(sweep)
      resolve()
    })
    server.closeIdleConnections()
  })
}
