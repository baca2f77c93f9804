/**
 * The accuracy target: answers every request after a fixed delay (argv[2] ms, default 20), so
 * every generator should see that delay plus only its own overhead.
 */
import { createServer } from 'node:http'
import { serveForBench } from './announce.ts'

const DELAY_MS = Number(process.argv[2] ?? 20)
const BODY = 'Got it!'
const server = createServer((req, res) => {
  req.resume()
  setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': BODY.length }).end(BODY), DELAY_MS)
})
serveForBench(server)
