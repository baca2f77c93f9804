/**
 * The runner's own HTTP/2 client against node:http2's client, request for request, on the same
 * servers: a real nginx (TLS, ALPN h2, static files) and a node:http2 secure server. Bodies from
 * 0 B to 4 MiB (sizes around the 16 KiB frame and 64 KiB window edges), a head of 100 headers
 * (over one frame of HPACK with node's server, so CONTINUATION frames), and uploads of the same
 * sizes echoed back: status, headers and body bytes must be the same from both clients.
 */
import { createSecureServer, type Http2SecureServer, type ServerHttp2Stream, type IncomingHttpHeaders } from 'node:http2'
import type { AddressInfo } from 'node:net'
import * as assert from 'uvu/assert'
import { makeCerts, opensslMissing, type TestCerts } from './helpers/tls-certs.ts'
import { nodeRequest, nodeSession, ownConnection, ownRequest, pattern, type Answer, type Failure } from './helpers/h2-clients.ts'
import { HUNDRED_HEADERS, nginxH2Missing, startNginxH2, type NginxH2 } from './helpers/nginx-h2.ts'
import { suite } from './helpers/suite.ts'

const test = suite('h2 differential', { deadline: 240, missing: opensslMissing() })
const nginxMissing = nginxH2Missing()

const SIZES = [0, 1, 100, 16383, 16384, 16385, 65535, 65536, 65537, 1 << 20, 4 << 20]
let certs: TestCerts | undefined
let server: Http2SecureServer | undefined
let nodeOrigin = ''
let nginx: NginxH2 | undefined

/** /body/N: N octets of the pattern; /headers: 100 headers plus one of 20 KB; /echo: the request body back. */
function answer(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
  const path = String(headers[':path'])
  if (path.startsWith('/body/')) {
    const body = pattern(Number(path.slice(6)))
    stream.respond({ ':status': 200, 'content-type': 'application/octet-stream', 'content-length': body.length }, { endStream: body.length === 0 })
    if (body.length > 0) stream.end(body)
    return
  }
  if (path === '/headers') {
    const out: Record<string, string | number> = { ':status': 203 }
    for (const [name, value] of HUNDRED_HEADERS) out[name] = value
    out['x-long'] = 'L'.repeat(20_000)
    stream.respond(out, { endStream: headers[':method'] === 'HEAD' })
    if (headers[':method'] !== 'HEAD') stream.end('a hundred headers')
    return
  }
  if (path === '/padded') {
    stream.respond({ ':status': 200, 'x-padded': ' padded\t', 'x-plain': 'plain' })
    return void stream.end()
  }
  if (path === '/echo') {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => {
      const body = Buffer.concat(chunks)
      stream.respond({ ':status': 201, 'x-got': String(body.length) }, { endStream: body.length === 0 })
      if (body.length > 0) stream.end(body)
    })
    return
  }
  stream.respond({ ':status': 404 }, { endStream: true })
}

test.before(async () => {
  certs = makeCerts()
  server = createSecureServer({ cert: certs.selfSigned.cert, key: certs.selfSigned.key })
  server.on('stream', answer)
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  nodeOrigin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  const files: Record<string, Buffer> = {}
  for (const size of SIZES) files[`b${size}`] = pattern(size)
  if (!nginxMissing) nginx = await startNginxH2(certs.selfSigned, files)
})

test.after(async () => {
  server?.close()
  await nginx?.stop()
  certs?.remove()
})

function same(own: Answer | Failure, node: Answer, label: string): void {
  if ('error' in own) assert.unreachable(`${label}: the own client failed: ${own.message}`)
  const mine = own as Answer
  assert.is(mine.status, node.status, `${label}: status`)
  assert.equal(mine.headers, node.headers, `${label}: headers`)
  assert.is(mine.body.length, node.body.length, `${label}: body length`)
  assert.ok(mine.body.equals(node.body), `${label}: body bytes`)
}

async function compare(origin: string, requests: [method: string, path: string, body?: Buffer, expected?: Buffer][]): Promise<void> {
  const own = ownConnection(origin)
  const session = nodeSession(origin)
  try {
    for (const [method, path, body, expected] of requests) {
      const theirs = await nodeRequest(session, method, path, body)
      const mine = await ownRequest(own, method, path, { body })
      same(mine, theirs, `${method} ${path}${body ? ` (${body.length} B up)` : ''}`)
      if (expected) assert.ok(theirs.body.equals(expected), `${path}: node's own answer is the expected bytes`)
    }
  } finally {
    await own.destroy()
    session.destroy()
  }
}

test('node:http2 server: bodies from 0 B to 4 MiB, the same from both clients', async () => {
  await compare(nodeOrigin, SIZES.map((size) => ['GET', `/body/${size}`, undefined, pattern(size)]))
})

test('node:http2 server: 100 headers and one of 20 KB (CONTINUATION), the same from both clients', async () => {
  await compare(nodeOrigin, [['GET', '/headers'], ['GET', '/headers'], ['HEAD', '/headers']])
})

test('node:http2 server: uploads from 0 B to 4 MiB echoed back (send flow control), the same from both clients', async () => {
  await compare(nodeOrigin, SIZES.map((size) => ['POST', '/echo', pattern(size), pattern(size)]))
})

test('the one deliberate difference: a value with spaces around it is trimmed, where node:http2 drops the field', async () => {
  const own = ownConnection(nodeOrigin)
  const session = nodeSession(nodeOrigin)
  try {
    const theirs = await nodeRequest(session, 'GET', '/padded')
    const mine = (await ownRequest(own, 'GET', '/padded')) as Answer
    assert.equal(theirs.headers, [['x-plain', 'plain']])
    assert.equal(mine.headers, [['x-padded', 'padded'], ['x-plain', 'plain']])
  } finally {
    await own.destroy()
    session.destroy()
  }
})

test.needs(nginxMissing, 'nginx over TLS: files from 0 B to 4 MiB and 100 headers, the same from both clients', async () => {
  await compare(nginx!.origin, [
    ...SIZES.map((size): [string, string, undefined, Buffer] => ['GET', `/b${size}`, undefined, pattern(size)]),
    ['GET', '/headers'], ['HEAD', '/b65536'], ['GET', '/missing'],
  ])
})

test.run()
