/**
 * The fallback fast target when nginx cannot be had: plain node:http answering every request
 * with a short 200, holding as many connections as the process may open.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { announce, onStop } from './announce.ts'

const BODY = 'Got it!'
const server = createServer((req, res) => {
  req.resume()
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': BODY.length }).end(BODY)
})
server.keepAliveTimeout = 300_000
server.headersTimeout = 310_000
server.listen({ port: 0, host: '127.0.0.1', backlog: 16384 }, () => announce((server.address() as AddressInfo).port))
onStop(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})
