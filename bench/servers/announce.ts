import type { Server } from 'node:http'
/** The line a bench server prints once it listens; the bench reads it (see lib/proc.ts spawnReady). */
export function announce(port: number): void {
  process.stdout.write(`${JSON.stringify({ port, pid: process.pid })}\n`)
}

/** Runs `close` on SIGTERM/SIGINT, then exits. */
export function onStop(close: () => Promise<void>): void {
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    close().finally(() => process.exit(0))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

/** Listens on a free loopback port for a bench, announces it, and closes every connection on stop. */
export function serveForBench(server: Server): void {
  server.keepAliveTimeout = 300_000
  server.headersTimeout = 310_000
  server.listen({ port: 0, host: '127.0.0.1', backlog: 16384 }, () => {
    const address = server.address()
    announce(typeof address === 'object' && address ? address.port : 0)
  })
  onStop(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
}
