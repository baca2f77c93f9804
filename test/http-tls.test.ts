/**
 * TLS against real HTTPS servers on 127.0.0.1 with certificates made now by openssl: a refused
 * certificate is the `tls` error kind with its reason (self-signed, unknown CA, hostname
 * mismatch, expired), insecureSkipTLSVerify and `--insecure` accept it, and a server that
 * requires a client certificate gets the scenario's tlsAuth.
 */
import { createServer, type Server } from 'node:https'
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { writeFileSync } from 'node:fs'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { runAgainst } from './helpers/engine-run.ts'
import { runRunner } from './helpers/runner-child.ts'
import { makeCerts, opensslMissing, type Pem, type TestCerts } from './helpers/tls-certs.ts'
import type { HttpResponse, Scenario } from '../src/load/scenario.ts'
import { LatencyHistogram } from '../src/load/metrics/latency-histogram.ts'

const test = suite('http-tls', { deadline: 300 })

const missing = opensslMissing()
let certs: TestCerts
const servers: Server[] = []
const netServers: NetServer[] = []

async function httpsServer(pem: Pem, extra: { requestCert?: boolean; ca?: string } = {}): Promise<string> {
  const server = createServer({ cert: pem.cert, key: pem.key, ...extra, rejectUnauthorized: extra.requestCert === true }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate()
    res.end(JSON.stringify({ client: peer?.subject?.CN ?? null }))
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** One request; the response seen by the iteration and the errors table. */
async function once(url: string, fields: Partial<Scenario> = {}) {
  let res: HttpResponse | undefined
  const { summary } = await runAgainst(url, { ...fields, iterations: 1, async iteration(http) { res = await http.get('/') } })
  return { res: res!, errors: summary.errors }
}

test.before(() => {
  if (!missing) certs = makeCerts()
})
test.after(async () => {
  for (const server of [...servers, ...netServers]) server.close()
  certs?.remove()
})

test.needs(missing, 'a self-signed certificate is refused: error kind tls, reason self-signed in the errors table', async () => {
  const url = await httpsServer(certs.selfSigned)
  const { res, errors } = await once(url)
  assert.is(res.status, 0)
  assert.is(res.error, 'tls')
  assert.match(res.errorMessage!, /self[- ]signed/)
  assert.equal(errors, [{ kind: 'tls (self-signed)', count: 1 }])
})

test.needs(missing, 'insecureSkipTLSVerify accepts it: 200 over HTTPS', async () => {
  const url = await httpsServer(certs.selfSigned)
  const { res, errors } = await once(url, { insecureSkipTLSVerify: true })
  assert.is(res.status, 200)
  assert.is(res.protocol, 'HTTP/1.1')
  assert.equal(errors, [])
})

test.needs(missing, 'a certificate from a CA the client does not know: reason unknown CA', async () => {
  const url = await httpsServer(certs.server)
  const { res, errors } = await once(url)
  assert.is(res.error, 'tls')
  assert.equal(errors, [{ kind: 'tls (unknown CA)', count: 1 }])
})

test.needs(missing, 'a server that requires a client certificate: refused without one, served with tlsAuth (files or PEM text)', async () => {
  const url = await httpsServer(certs.server, { requestCert: true, ca: certs.ca.cert })
  const without = await once(url, { insecureSkipTLSVerify: true })
  assert.is(without.res.status, 0)
  assert.is(without.res.error, 'tls')
  assert.match(without.errors[0]!.kind, /^tls \(client certificate (required|refused)|handshake failure\)$/)
  const withFiles = await once(url, { insecureSkipTLSVerify: true, tlsAuth: [{ certFile: certs.client.certFile, keyFile: certs.client.keyFile }] })
  assert.is(withFiles.res.status, 200)
  assert.equal(withFiles.res.json(), { client: 'edgeload client' })
  const withText = await once(url, { insecureSkipTLSVerify: true, tlsAuth: [{ domains: ['127.0.0.1'], cert: certs.client.cert, key: certs.client.key }] })
  assert.is(withText.res.status, 200)
  // A certificate offered to other hosts only is not sent here.
  const otherDomain = await once(url, { insecureSkipTLSVerify: true, tlsAuth: [{ domains: ['*.example.com'], cert: certs.client.cert, key: certs.client.key }] })
  assert.is(otherDomain.res.error, 'tls')
})

test.needs(missing, 'through the runner, trusting the test CA: hostname mismatch and expired are named; --insecure accepts both', async () => {
  const mismatch = await httpsServer(certs.otherHost)
  const expired = await httpsServer(certs.expired)
  const good = await httpsServer(certs.server)
  const scenario = `${certs.dir}/tls.ts`
  writeFileSync(scenario, `export default {
    iterations: 1,
    async iteration(http) {
      for (const url of ['${mismatch}/', '${expired}/', '${good}/']) {
        const res = await http.get(url)
        console.log(\`STATUS \${url} \${res.status} \${res.protocol} \${res.error ?? ''}\`)
      }
    },
  }\n`)
  const env = { NODE_EXTRA_CA_CERTS: certs.ca.certFile }
  const strict = await runRunner(['--scenario', scenario, '--target', good, '--quiet'], { env })
  assert.match(strict.stdout, /tls \(hostname mismatch\)\s+1\b/)
  assert.match(strict.stdout, /tls \(expired\)\s+1\b/)
  assert.match(strict.stdout, new RegExp(`STATUS ${good}/ 200 HTTP/1.1`))
  assert.is(strict.code, 0, strict.stderr)
  const insecure = await runRunner(['--scenario', scenario, '--target', good, '--quiet', '--insecure'], { env })
  assert.match(insecure.stdout, /Errors by kind: none/)
  assert.match(insecure.stdout, new RegExp(`STATUS ${mismatch}/ 200`))
  assert.match(insecure.stdout, new RegExp(`STATUS ${expired}/ 200`))
})

test.needs(missing, 'HTTPS/1.1: one TLS connection per thread carries every request (keep-alive), bodies intact', async () => {
  const url = await httpsServer(certs.selfSigned)
  const server = servers[servers.length - 1]!
  let handshakes = 0
  server.on('secureConnection', () => handshakes++)
  const bodies: string[] = []
  const { summary } = await runAgainst(url, {
    threads: 3,
    iterations: 10, // each thread's
    insecureSkipTLSVerify: true,
    async iteration(http) {
      const r = await http.get('/')
      bodies.push(`${r.status} ${r.protocol} ${r.body}`)
    },
  })
  assert.is(summary.overall.requests, 30)
  assert.equal(summary.errors, [])
  assert.equal(new Set(bodies), new Set(['200 HTTP/1.1 {"client":null}']))
  assert.is(handshakes, 3)
})

test('a server that accepts the connection but never completes the TLS handshake: timeout, once the request timeout has passed', async () => {
  const silent = createNetServer(() => {}) // takes the bytes, answers nothing
  netServers.push(silent)
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`
  for (const http2 of [true, false]) {
    let res: HttpResponse | undefined
    const { summary } = await runAgainst(url, { iterations: 1, http2, async iteration(http) { res = await http.get('/', { timeout: 300 }) } })
    assert.is(res!.error, 'timeout', `http2: ${http2}`)
    // The feature is a time: generous bounds around 300 ms (without the handshake's timer the request waits until the run ends).
    assert.ok(res!.timings.duration >= 290 && res!.timings.duration < 5000, `${res!.timings.duration} ms`)
    assert.equal(summary.errors, [{ kind: 'timeout', count: 1 }])
  }
})

test.needs(missing, 'bad tlsAuth is a usage error before the run (exit 2), naming the field', async () => {
  const scenario = `${certs.dir}/bad-tls.ts`
  writeFileSync(scenario, `export default { tlsAuth: [{ certFile: '${certs.dir}/nope.pem', key: 'not pem' }], iteration() {} }\n`)
  const result = await runRunner(['--scenario', scenario, '--target', 'https://127.0.0.1:9'])
  assert.is(result.code, 2)
  assert.match(result.stderr, /tlsAuth\[0\]\.certFile .*nope\.pem" cannot be read/)
  assert.match(result.stderr, /tlsAuth\[0\]\.key must be PEM text/)
})

test.run()

test.needs(missing, "k6's timings over TLS: the new connection's TCP connect and TLS handshake apart, blocked covering both, once per connection", async () => {
  const url = await httpsServer(certs.selfSigned)
  const { summary } = await runAgainst(url, {
    insecureSkipTLSVerify: true, http2: false, iterations: 3, async iteration(http) { await http.get('/') },
  })
  const m = summary.metrics
  assert.is(LatencyHistogram.decode(summary.overall.histograms.tls!).count, 1) // one connection, one handshake
  assert.is(LatencyHistogram.decode(summary.overall.histograms.blocked!).count, 3)
  assert.ok(m.http_req_tls_handshaking!.values.max! > 0)
  assert.ok(m.http_req_connecting!.values.max! > 0)
  // The first request waited for both; the next two went out at once on the open connection.
  assert.ok(m.http_req_blocked!.values.max! >= m.http_req_tls_handshaking!.values.max!)
  assert.is(m.http_req_blocked!.values.min, 0)
})
