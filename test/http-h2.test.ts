/**
 * HTTP/2 against node:http2 servers on 127.0.0.1: over TLS by ALPN (a server that speaks no
 * HTTP/1.1 at all), h2c by prior knowledge with `http2: 'h2c'`, HTTP/1.1 kept with
 * `http2: false`; `res.protocol` and the run's protocols say which was spoken, one connection
 * per thread carries every request, and redirects, cookies and gzip work over it too.
 */
import { createSecureServer, createServer, type Http2Server, type Http2SecureServer, type ServerHttp2Stream } from 'node:http2'
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { runAgainst } from './helpers/engine-run.ts'
import { formatReport } from '../src/report/standard-report.ts'
import { makeCerts, opensslMissing, type TestCerts } from './helpers/tls-certs.ts'

const test = suite('http-h2', { deadline: 120 })

const missing = opensslMissing()
let certs: TestCerts | undefined
const servers: (Http2Server | Http2SecureServer | HttpsServer)[] = []
let sessions = 0

/** Answers /login with a cookie and a redirect, /gz with gzip, anything else with what it got. */
function answer(stream: ServerHttp2Stream, headers: Record<string, string | string[] | undefined>): void {
  const path = headers[':path']
  if (path === '/login') return void stream.respond({ ':status': 302, location: '/home', 'set-cookie': 'sid=h2; Path=/' }, { endStream: true })
  if (path === '/gz') {
    stream.respond({ ':status': 200, 'content-encoding': 'gzip' })
    return void stream.end(gzipSync('zipped over h2'))
  }
  stream.respond({ ':status': 200, 'content-type': 'application/json' })
  stream.end(JSON.stringify({ path, cookie: headers.cookie ?? null }))
}

async function listen<T extends Http2Server | Http2SecureServer | HttpsServer>(server: T): Promise<number> {
  servers.push(server)
  server.on('session' as never, () => sessions++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

test.before(() => {
  if (!missing) certs = makeCerts()
})
test.before.each(() => void (sessions = 0))
test.after(() => {
  for (const server of servers) server.close()
  certs?.remove()
})

test.needs(missing, 'HTTP/2 over TLS by ALPN to a server without HTTP/1.1: protocol HTTP/2.0, one session per thread, redirects, cookies and gzip', async () => {
  const server = createSecureServer({ cert: certs!.selfSigned.cert, key: certs!.selfSigned.key, allowHTTP1: false })
  server.on('stream', answer)
  const url = `https://127.0.0.1:${await listen(server)}`
  const seen: unknown[] = []
  const { summary, metrics } = await runAgainst(url, {
    threads: 2,
    iterations: 3,
    insecureSkipTLSVerify: true,
    async iteration(http) {
      const home = await http.post('/login', 'x')
      const zipped = await http.get('/gz')
      seen.push([home.status, home.protocol, home.redirects, (home.json() as { cookie: string }).cookie, zipped.body])
    },
  })
  assert.is(seen.length, 6)
  for (const s of seen) assert.equal(s, [200, 'HTTP/2.0', 1, 'sid=h2', 'zipped over h2'])
  assert.is(summary.overall.requests, 18)
  assert.equal(summary.errors, [])
  assert.equal([...metrics.protocols], ['HTTP/2.0'])
  assert.equal(summary.protocols, ['HTTP/2.0'])
  assert.match(formatReport(summary), new RegExp(`\nTarget: ${url} over HTTP/2.0\nData: `))
  assert.is(sessions, 2)
})

test('h2c: http2: \'h2c\' speaks HTTP/2 without TLS by prior knowledge', async () => {
  const server = createServer()
  server.on('stream', answer)
  const url = `http://127.0.0.1:${await listen(server)}`
  const protocols: string[] = []
  const { summary, metrics } = await runAgainst(url, {
    iterations: 2,
    http2: 'h2c',
    async iteration(http) {
      const res = await http.get('/login')
      protocols.push(res.protocol)
      assert.equal(res.json(), { path: '/home', cookie: 'sid=h2' })
    },
  })
  assert.equal(protocols, ['HTTP/2.0', 'HTTP/2.0'])
  assert.equal(summary.errors, [])
  assert.equal([...metrics.protocols], ['HTTP/2.0'])
  assert.is(sessions, 1)
})

test.needs(missing, 'an https server that offers h2 and HTTP/1.1: h2 by default, HTTP/1.1 with http2: false', async () => {
  const both = createSecureServer({ cert: certs!.selfSigned.cert, key: certs!.selfSigned.key, allowHTTP1: true }, (req, res) => res.end(`v${req.httpVersion}`))
  const url = `https://127.0.0.1:${await listen(both)}`
  const run = async (http2: boolean) => {
    let seen = ''
    const { metrics } = await runAgainst(url, { iterations: 1, insecureSkipTLSVerify: true, http2, async iteration(http) { const r = await http.get('/'); seen = `${r.protocol} ${r.body}` } })
    return [seen, [...metrics.protocols]]
  }
  assert.equal(await run(true), ['HTTP/2.0 v2.0', ['HTTP/2.0']])
  assert.equal(await run(false), ['HTTP/1.1 v1.1', ['HTTP/1.1']])
  // An HTTP/1.1-only https server: ALPN picks HTTP/1.1.
  const h1 = createHttpsServer({ cert: certs!.selfSigned.cert, key: certs!.selfSigned.key }, (req, res) => res.end(`v${req.httpVersion}`))
  const h1url = `https://127.0.0.1:${await listen(h1)}`
  let seen = ''
  await runAgainst(h1url, { iterations: 1, insecureSkipTLSVerify: true, async iteration(http) { const r = await http.get('/'); seen = `${r.protocol} ${r.body}` } })
  assert.is(seen, 'HTTP/1.1 v1.1')
})

test.needs(missing, 'a server that drops the HTTP/2 session under a request: reset, "before answering", and the next request opens a new session', async () => {
  let calls = 0
  const server = createSecureServer({ cert: certs!.selfSigned.cert, key: certs!.selfSigned.key }, (req, res) => {
    if (++calls === 1) return void req.stream.session?.destroy()
    res.end('second')
  })
  const url = `https://127.0.0.1:${await listen(server)}`
  const seen: unknown[] = []
  const { summary } = await runAgainst(url, {
    iterations: 2,
    insecureSkipTLSVerify: true,
    async iteration(http) {
      const r = await http.get('/x')
      seen.push([r.status, r.error, r.errorMessage ?? null, r.status === 200 ? r.body : null])
    },
  })
  assert.equal(seen, [[0, 'reset', 'the server closed the connection before answering', null], [200, undefined, null, 'second']])
  assert.equal(summary.errors, [{ kind: 'reset', count: 1 }])
  assert.is(sessions, 2)
})

test.run()
