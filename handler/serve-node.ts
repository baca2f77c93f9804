import { createAdaptorServer } from '@hono/node-server'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number
  host: string
  /** How long close() lets in-flight requests finish before cutting connections. */
  graceMs?: number
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
export function serveNode(app: FetchApp, { port, host, graceMs = 10_000 }: ServeOptions): Promise<RunningServer> {
  const server = createAdaptorServer({ fetch: app.fetch, port, hostname: host }) as Server
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
