/**
 * Compression against a real server on 127.0.0.1 compressing with node:zlib: Accept-Encoding
 * sent by default (off with compression: false, a request's own header wins), gzip, deflate
 * (zlib and raw), br and stacked codings decoded when the body is read, the bytes received
 * counted as they came over the wire, and corrupt bytes a clear error when read.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { runAgainst } from './helpers/engine-run.ts'

const test = suite('http-compression', { deadline: 120 })

const TEXT = JSON.stringify({ words: 'compressible '.repeat(200) })
const BODIES: Record<string, [string, Buffer]> = {
  '/gzip': ['gzip', gzipSync(TEXT)],
  '/deflate': ['deflate', deflateSync(TEXT)],
  '/raw-deflate': ['deflate', deflateRawSync(TEXT)],
  '/br': ['br', brotliCompressSync(TEXT)],
  '/stacked': ['gzip, br', brotliCompressSync(gzipSync(TEXT))],
  // A gzip header, then a deflate block of a type that does not exist.
  '/corrupt': ['gzip', Buffer.concat([gzipSync('x').subarray(0, 10), Buffer.from([0xff, 0xff, 0xff, 0xff])])],
  '/plain': ['', Buffer.from(TEXT)],
  // 130 KB on the wire, 128 MiB decoded: past the cap (MAX_DECODED_BYTES, 64 MiB).
  '/bomb': ['gzip', Buffer.concat(Array.from({ length: 4 }, () => gzipSync(Buffer.alloc(32 << 20))))],
}

const acceptSeen: (string | undefined)[] = []
const server = createServer((req, res) => {
  acceptSeen.push(req.headers['accept-encoding'])
  const [encoding, body] = BODIES[req.url!] ?? ['', Buffer.from('?')]
  res.writeHead(200, { 'content-type': 'application/json', ...(encoding ? { 'content-encoding': encoding } : {}) })
  res.end(body)
})
let url = ''
test.before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
test.after(() => void server.close())
test.before.each(() => void (acceptSeen.length = 0))

test('Accept-Encoding: gzip, deflate, br by default; compression: false sends none; a request header wins', async () => {
  await runAgainst(url, { iterations: 1, async iteration(http) { await http.get('/plain'); await http.get('/plain', { headers: { 'Accept-Encoding': 'identity' } }) } })
  await runAgainst(url, { iterations: 1, compression: false, async iteration(http) { await http.get('/plain') } })
  await runAgainst(url, { iterations: 1, headers: { 'accept-encoding': 'br' }, async iteration(http) { await http.get('/plain') } })
  assert.equal(acceptSeen, ['gzip, deflate, br', 'identity', undefined, 'br'])
})

test('gzip, deflate (zlib and raw), br and stacked codings are decoded for body, json() and bytes', async () => {
  const decoded: Record<string, unknown> = {}
  await runAgainst(url, {
    iterations: 1,
    async iteration(http) {
      for (const path of ['/gzip', '/deflate', '/raw-deflate', '/br', '/stacked']) {
        const res = await http.get(path)
        const bytes = (await http.get(path, { responseType: 'binary' })).bytes!
        decoded[path] = [res.body === TEXT, (res.json() as { words: string }).words.length, Buffer.from(bytes).toString() === TEXT, res.headers['content-encoding']]
      }
    },
  })
  assert.equal(decoded, {
    '/gzip': [true, 2600, true, 'gzip'],
    '/deflate': [true, 2600, true, 'deflate'],
    '/raw-deflate': [true, 2600, true, 'deflate'],
    '/br': [true, 2600, true, 'br'],
    '/stacked': [true, 2600, true, 'gzip, br'],
  })
})

test('bytes received are the compressed bytes on the wire (and the head), whether or not the body is read', async () => {
  const wire = BODIES['/gzip']![1].length
  const { summary: read } = await runAgainst(url, { iterations: 1, async iteration(http) { void (await http.get('/gzip')).body } })
  const { summary: discarded } = await runAgainst(url, { iterations: 1, async iteration(http) { await http.get('/gzip', { responseType: 'none' }) } })
  assert.ok(wire < TEXT.length / 10, `gzip made ${TEXT.length} bytes ${wire}`)
  // The compressed body and the answer's head (its status line and headers, a few hundred octets), never the decoded text.
  assert.ok(read.overall.bytesIn > wire && read.overall.bytesIn < wire + 400, `received ${read.overall.bytesIn} for a body of ${wire}`)
  assert.is(discarded.overall.bytesIn, read.overall.bytesIn)
})

test('corrupt compressed bytes: reading the body throws a clear error, counted as the iteration\'s error; a check on it fails', async () => {
  let status = 0
  const { iterationErrors, summary } = await runAgainst(url, {
    iterations: 2,
    async iteration(http, ctx) {
      const res = await http.get('/corrupt')
      status = res.status
      ctx.check(res, { 'body is JSON': (r) => r.json() !== undefined })
      void res.body
    },
  })
  assert.is(status, 200)
  assert.is(iterationErrors.count, 2)
  assert.match(iterationErrors.first!, /BodyDecodeError: the body is not valid gzip \(Content-Encoding: gzip\)/)
  assert.equal(summary.checks.map((c) => [c.name, c.passes, c.fails]), [['body is JSON', 0, 2]])
})

test('a decompression bomb: reading the body is a clear counted error past 64 MiB decoded, not gigabytes of memory', async () => {
  let received = 0
  const { iterationErrors, summary } = await runAgainst(url, {
    iterations: 1,
    async iteration(http) {
      const res = await http.get('/bomb')
      received = res.status
      void res.body
    },
  })
  assert.is(received, 200)
  assert.is(iterationErrors.count, 1)
  assert.match(iterationErrors.first!, /BodyDecodeError: the gzip body decodes to more than 64 MiB \(\d+ bytes on the wire\): not decoded/)
  assert.ok(summary.overall.bytesIn < 1024 * 1024, `bytes received count the wire: ${summary.overall.bytesIn}`)
})

test.run()
