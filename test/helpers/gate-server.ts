import { EventEmitter, once } from 'node:events'
import { createServer } from 'node:http'
import type { ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** An HTTP server on 127.0.0.1 that holds every request until the test opens it. */
export interface Gate {
  url: string
  /** Resolves once `n` requests are held. */
  held(n: number): Promise<void>
  /** Answers every held request (and every later one at once). */
  open(): void
  close(): Promise<void>
}

export async function startGate(): Promise<Gate> {
  const waiting: ServerResponse[] = []
  const arrivals = new EventEmitter()
  let opened = false
  const server = createServer((_req, res) => {
    if (opened) return void res.end('open')
    waiting.push(res)
    arrivals.emit('arrival')
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const open = () => {
    opened = true
    for (const res of waiting.splice(0)) res.end('open')
  }
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async held(n) {
      while (waiting.length < n) await once(arrivals, 'arrival')
    },
    open,
    async close() {
      open()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
