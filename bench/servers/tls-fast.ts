/**
 * The TLS bench target: node:http2's secure server answering every request with a short 200,
 * speaking HTTP/2 and HTTP/1.1 (ALPN chooses), with the certificate and key named by
 * BENCH_TLS_CERT and BENCH_TLS_KEY (made at bench time, never committed).
 */
import { readFileSync } from 'node:fs'
import { createSecureServer } from 'node:http2'
import { announce, onStop } from './announce.ts'

const BODY = 'Got it!'
const server = createSecureServer({
  cert: readFileSync(process.env.BENCH_TLS_CERT!),
  key: readFileSync(process.env.BENCH_TLS_KEY!),
  allowHTTP1: true,
  // One stream at a time per connection is what every client here sends; allow more anyway.
  settings: { maxConcurrentStreams: 100 },
}, (req, res) => {
  req.resume()
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length }).end(BODY)
})
server.listen({ port: 0, host: '127.0.0.1', backlog: 16384 }, () => {
  const address = server.address()
  announce(typeof address === 'object' && address ? address.port : 0)
})
onStop(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})
