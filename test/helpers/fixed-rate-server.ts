/**
 * A server with a known capacity that does not depend on how busy the machine is: it serves one
 * request at a time, each taking a fixed service time on the clock (not on the CPU), so it answers
 * at most 1000 / serviceMs requests a second, however many wait. Each request's finish is set on
 * a virtual schedule (the previous finish plus the service time, or now when idle), so late timers
 * on a loaded machine add latency but never lose capacity; an idle gap of up to `burstMs` is
 * credited back, so a stall of the server's own process (descheduled for a moment) is caught up.
 * Over a 10 s step that credit is at most burstMs / serviceMs requests: within 1% of the rate.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FixedRateServer {
  url: string
  /** Requests answered so far. */
  served(): number
  close(): Promise<void>
}

export async function startFixedRateServer(serviceMs: number, burstMs = 100): Promise<FixedRateServer> {
  let lastFinish = 0
  let served = 0
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const now = performance.now()
      const finish = Math.max(lastFinish, now - burstMs) + serviceMs
      lastFinish = finish
      setTimeout(() => {
        served++
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' })
        res.end('ok')
      }, Math.max(0, finish - now))
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    served: () => served,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
