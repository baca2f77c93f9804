/**
 * The verdicts target (bench/sections/verdicts.ts): answers each request after
 * factor x (base + spread x U) ms, U uniform in [0, 1), set by a timer, so its latency is what
 * the arguments say and not what the CPU happens to allow: `jittered.ts 10 4 1` and
 * `jittered.ts 10 4 1.1` differ by exactly 10% in every percentile the server decides, and any
 * other difference a comparison sees comes from the machine (timer lag, the generator's own
 * delays): the variation between runs a verdict must not mistake for a change.
 */
import { createServer } from 'node:http'
import { serveForBench } from './announce.ts'

const BASE_MS = Number(process.argv[2] ?? 10)
const SPREAD_MS = Number(process.argv[3] ?? 4)
const FACTOR = Number(process.argv[4] ?? 1)
const BODY = 'Got it!'
const server = createServer((req, res) => {
  req.resume()
  const delay = FACTOR * (BASE_MS + SPREAD_MS * Math.random())
  setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': BODY.length }).end(BODY), delay)
})
serveForBench(server)
