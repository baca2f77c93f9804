/**
 * data_sent and data_received count what crossed the wire, as k6 counts them: the request line
 * or HEADERS frames, headers, body and framing, not only bodies (a run of GETs used to report
 * "sent 0 B"). Over HTTP/1.1 the runner's counts equal what the server's socket read and wrote;
 * over HTTP/2 (h2c) they equal them too, the connection's own frames (preface, SETTINGS, PING,
 * WINDOW_UPDATE) included.
 */
import { createServer as createH2Server, type Http2Server } from 'node:http2'
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import * as assert from 'uvu/assert'
import { runAgainst } from './helpers/engine-run.ts'
import { suite } from './helpers/suite.ts'

const test = suite('wire bytes', { deadline: 60 })

const ANSWER = 'HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-type: text/plain\r\n\r\nhello'

test('HTTP/1.1: sent and received are every octet of the request and answer heads and bodies', async () => {
  const sockets: Socket[] = []
  // Answers each request once its head (and a POST's 3-octet body) is in.
  const server: Server = createServer((socket) => {
    sockets.push(socket)
    let pending = ''
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1')
      for (;;) {
        const end = pending.indexOf('\r\n\r\n')
        if (end < 0) return
        const body = /content-length: (\d+)/i.exec(pending.slice(0, end))
        const length = body ? Number(body[1]) : 0
        if (pending.length < end + 4 + length) return
        pending = pending.slice(end + 4 + length)
        socket.write(ANSWER)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { summary } = await runAgainst(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
      threads: 2,
      iterations: 3,
      async iteration(http) {
        await http.get('/a')
        await http.post('/b', 'abc', { responseType: 'none' })
      },
    })
    assert.is(summary.overall.requests, 12)
    const read = sockets.reduce((n, s) => n + s.bytesRead, 0)
    const written = sockets.reduce((n, s) => n + s.bytesWritten, 0)
    assert.ok(read > 12 * 30, `the server read ${read} octets`)
    assert.is(summary.overall.bytesOut, read)
    assert.is(summary.overall.bytesIn, written)
    assert.is(written, 12 * ANSWER.length)
  } finally {
    server.close()
  }
})

test('HTTP/2 (h2c): sent and received are every octet of every frame, the connection\'s own included', async () => {
  const sockets: Socket[] = []
  const server: Http2Server = createH2Server()
  server.on('session', (session) => sockets.push(session.socket as Socket))
  server.on('stream', (stream) => {
    stream.respond({ ':status': 200, 'content-type': 'text/plain' })
    stream.end('hello over h2')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { summary } = await runAgainst(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
      threads: 2,
      iterations: 3,
      http2: 'h2c',
      async iteration(http) {
        await http.get('/a')
        await http.post('/b', 'abc')
      },
    })
    assert.is(summary.overall.requests, 12)
    assert.equal(summary.errors, [])
    const read = sockets.reduce((n, s) => n + s.bytesRead, 0)
    const written = sockets.reduce((n, s) => n + s.bytesWritten, 0)
    assert.ok(written > 12 * 13, `the server wrote ${written} octets`)
    assert.is(summary.overall.bytesOut, read)
    assert.is(summary.overall.bytesIn, written)
  } finally {
    server.close()
  }
})

test.run()
