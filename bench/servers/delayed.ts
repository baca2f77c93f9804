/**
 * The accuracy target: answers every request after a fixed delay (argv[2] ms, default 20), so
 * every generator should see that delay plus only its own overhead.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { announce, onStop } from './announce.ts'

const DELAY_MS = Number(process.argv[2] ?? 20)
const BODY = 'Got it!'
const server = createServer((req, res) => {
  req.resume()
  setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': BODY.length }).end(BODY), DELAY_MS)
})
server.keepAliveTimeout = 300_000
server.headersTimeout = 310_000
server.listen({ port: 0, host: '127.0.0.1', backlog: 16384 }, () => announce((server.address() as AddressInfo).port))
onStop(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})
