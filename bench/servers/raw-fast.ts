/**
 * The fallback fast target when nginx cannot be had: plain node:http answering every request
 * with a short 200, holding as many connections as the process may open.
 */
import { createServer } from 'node:http'
import { serveForBench } from './announce.ts'

const BODY = 'Got it!'
const server = createServer((req, res) => {
  req.resume()
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': BODY.length }).end(BODY)
})
serveForBench(server)
