/**
 * The runner's HTTP/2 client against servers that break the protocol. Each case is a raw-frame
 * server of the test's own on 127.0.0.1 (test/helpers/h2-raw-server.ts) or a real node:http2 or
 * nginx server doing something unkind, and each must end as a counted error of the kind and
 * reason docs/http-client.md lists ("HTTP/2 errors"), never a crash, a hang past the request
 * timeout, or memory that grows: after every case the same connection object serves a good
 * request again (on a new session when the old one had to go).
 */
import { createServer as createH2Server, constants, type Http2Server } from 'node:http2'
import type { AddressInfo } from 'node:net'
import * as assert from 'uvu/assert'
import { classifyError } from '../src/load/http/error-kind.ts'
import {
  CONTINUATION, DATA, FLAG_ACK, FLAG_END_HEADERS, FLAG_END_STREAM, GOAWAY, HEADERS, PING, PUSH_PROMISE, RST_STREAM, SETTINGS, WINDOW_UPDATE,
} from '../src/load/http/h2-frames.ts'
import { FLOOD_BYTES, MAX_HEADER_BLOCK } from '../src/load/http/h2-session.ts'
import { block, frame, rawH2Server, u32, type RawConnection } from './helpers/h2-raw-server.ts'
import { ownConnection, ownRequest, type Answer, type Failure } from './helpers/h2-clients.ts'
import { nginxH2Missing, startNginxH2 } from './helpers/nginx-h2.ts'
import { suite } from './helpers/suite.ts'
import { makeCerts, opensslMissing } from './helpers/tls-certs.ts'

const test = suite('h2 hostile', { deadline: 120 })

const SETTINGS_EMPTY = frame(SETTINGS, 0, 0)
const OK_HEAD = (id: number) => frame(HEADERS, FLAG_END_HEADERS, id, block(':status', '200', 'content-length', '2'))
const OK_BODY = (id: number) => frame(DATA, FLAG_END_STREAM, id, Buffer.from('ok'))

interface Case {
  name: string
  /** What the server does with the request on stream `id` of connection `conn`. */
  answer(conn: RawConnection, id: number): void
  kind: string
  message: RegExp
  method?: string
  retries?: number
  timeoutMs?: number
}

const CASES: Case[] = [
  {
    name: 'a frame larger than SETTINGS_MAX_FRAME_SIZE allows',
    answer: (c, id) => c.send(OK_HEAD(id), frame(DATA, 0, id, Buffer.alloc(20_000))),
    kind: 'bad_response', message: /FRAME_SIZE_ERROR: a frame of 20000 octets/,
  },
  {
    name: 'invalid HPACK (index 0)',
    answer: (c, id) => c.send(frame(HEADERS, FLAG_END_HEADERS, id, Buffer.from([0x80]))),
    kind: 'bad_response', message: /COMPRESSION_ERROR: invalid HPACK: header index 0/,
  },
  {
    name: 'invalid HPACK (an index beyond the tables)',
    answer: (c, id) => c.send(frame(HEADERS, FLAG_END_HEADERS, id, Buffer.from([0xff, 0x10]))),
    kind: 'bad_response', message: /COMPRESSION_ERROR: invalid HPACK: header index \d+, beyond the tables/,
  },
  {
    name: 'a connection window that overflows',
    answer: (c, id) => c.send(frame(WINDOW_UPDATE, 0, 0, u32(0x7fffffff)), OK_HEAD(id), OK_BODY(id)),
    kind: 'bad_response', message: /FLOW_CONTROL_ERROR: a WINDOW_UPDATE that makes the connection window overflow/,
  },
  {
    name: 'a stream window that overflows',
    answer: (c, id) => c.send(frame(WINDOW_UPDATE, 0, id, u32(0x7fffffff))),
    kind: 'bad_response', message: /FLOW_CONTROL_ERROR on the stream: a WINDOW_UPDATE that makes the stream window overflow/,
  },
  {
    name: 'CONTINUATION without HEADERS',
    answer: (c, id) => c.send(frame(CONTINUATION, FLAG_END_HEADERS, id, block(':status', '200'))),
    kind: 'bad_response', message: /PROTOCOL_ERROR: CONTINUATION without HEADERS/,
  },
  {
    name: 'another frame inside a header block',
    answer: (c, id) => c.send(frame(HEADERS, 0, id, block(':status', '200')), frame(PING, 0, 0, Buffer.alloc(8))),
    kind: 'bad_response', message: /PROTOCOL_ERROR: a frame of type 6 inside a header block/,
  },
  {
    name: 'a GOAWAY in mid-answer, then the close',
    answer: (c, id) => {
      c.send(frame(HEADERS, FLAG_END_HEADERS, id, block(':status', '200', 'content-length', '10')), frame(DATA, 0, id, Buffer.from('hello')), frame(GOAWAY, 0, 0, u32(id, 2)))
      c.socket.end()
    },
    kind: 'reset', message: /the server closed the connection mid-body/,
  },
  {
    name: 'a GOAWAY that refuses the request (sent again once, then counted)',
    answer: (c) => c.send(frame(GOAWAY, 0, 0, u32(0, 0))),
    kind: 'reset', message: /the server's GOAWAY \(NO_ERROR\) came before it took the request/, retries: 1,
  },
  {
    name: 'a GOAWAY that refuses a POST (never sent twice)',
    answer: (c) => c.send(frame(GOAWAY, 0, 0, u32(0, 0))),
    kind: 'reset', message: /GOAWAY \(NO_ERROR\)/, method: 'POST', retries: 0,
  },
  {
    name: 'RST_STREAM mid-body',
    answer: (c, id) => c.send(frame(HEADERS, FLAG_END_HEADERS, id, block(':status', '200')), frame(DATA, 0, id, Buffer.from('part')), frame(RST_STREAM, 0, id, u32(2))),
    kind: 'reset', message: /the server reset the stream mid-body \(INTERNAL_ERROR\)/,
  },
  {
    name: 'RST_STREAM REFUSED_STREAM every time (sent again once, then counted)',
    answer: (c, id) => c.send(frame(RST_STREAM, 0, id, u32(7))),
    kind: 'reset', message: /the server reset the stream before answering \(REFUSED_STREAM\)/, retries: 1,
  },
  {
    name: 'a PING flood the server never reads the answers to',
    answer: (c) => {
      c.socket.pause()
      const ping = frame(PING, 0, 0, Buffer.alloc(8))
      const burst = Buffer.concat(Array.from({ length: 4096 }, () => ping))
      for (let i = 0; i < Math.ceil((FLOOD_BYTES * 4) / burst.length) + 64; i++) c.send(burst)
    },
    kind: 'bad_response', message: /ENHANCE_YOUR_CALM: a PING flood/,
  },
  {
    name: 'a SETTINGS flood the server never reads the answers to',
    answer: (c) => {
      c.socket.pause()
      const burst = Buffer.concat(Array.from({ length: 4096 }, () => SETTINGS_EMPTY))
      for (let i = 0; i < Math.ceil((FLOOD_BYTES * 4) / burst.length) + 64; i++) c.send(burst)
    },
    kind: 'bad_response', message: /ENHANCE_YOUR_CALM: a SETTINGS flood/,
  },
  {
    name: 'a CONTINUATION flood (a head that never ends)',
    answer: (c, id) => {
      c.send(frame(HEADERS, 0, id, block(':status', '200')))
      const part = frame(CONTINUATION, 0, id, Buffer.alloc(16_000, 0x40))
      for (let i = 0; i < MAX_HEADER_BLOCK / 16_000 + 4; i++) c.send(part)
    },
    kind: 'bad_response', message: /ENHANCE_YOUR_CALM: a header block over/,
  },
  {
    name: 'PUSH_PROMISE although push is off',
    answer: (c, id) => c.send(frame(PUSH_PROMISE, FLAG_END_HEADERS, id, Buffer.concat([u32(2), block(':method', 'GET', ':path', '/x')]))),
    kind: 'bad_response', message: /PROTOCOL_ERROR: PUSH_PROMISE/,
  },
  {
    name: 'DATA on a stream the client never opened',
    answer: (c) => c.send(frame(DATA, 0, 99, Buffer.from('x'))),
    kind: 'bad_response', message: /PROTOCOL_ERROR: DATA on stream 99, which the client never opened/,
  },
  {
    name: 'an upper-case header name (a stream error: the connection stays)',
    answer: (c, id) => c.send(frame(HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, id, block(':status', '200', 'X-Upper', 'y'))),
    kind: 'bad_response', message: /PROTOCOL_ERROR on the stream: the header name "X-Upper" is not a lower-case token/,
  },
  {
    name: 'a connection-specific header',
    answer: (c, id) => c.send(frame(HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, id, block(':status', '200', 'connection', 'close'))),
    kind: 'bad_response', message: /the connection-specific header connection/,
  },
  {
    name: 'a body shorter than its content-length',
    answer: (c, id) => c.send(OK_HEAD(id), frame(DATA, FLAG_END_STREAM, id, Buffer.from('x'))),
    kind: 'bad_response', message: /a body of 1 octets where content-length says 2/,
  },
  {
    name: 'the connection closed before answering (no GOAWAY)',
    answer: (c) => c.socket.destroy(),
    kind: 'reset', message: /the server closed the connection before answering/,
  },
]

for (const c of CASES) {
  test(`hostile: ${c.name}`, async () => {
    let hostile = true
    const server = await rawH2Server((conn, f) => {
      if (f.type === SETTINGS && (f.flags & FLAG_ACK) === 0) conn.send(frame(SETTINGS, FLAG_ACK, 0))
      if (f.type !== HEADERS) return
      if (hostile) c.answer(conn, f.id)
      else conn.send(OK_HEAD(f.id), OK_BODY(f.id))
    }, (conn) => conn.send(SETTINGS_EMPTY))
    let retries = 0
    const connection = ownConnection(server.origin, { onRetry: () => retries++ })
    try {
      const result = await ownRequest(connection, c.method ?? 'GET', '/', { body: c.method === 'POST' ? Buffer.from('x') : undefined, timeoutMs: c.timeoutMs ?? 10_000 })
      assert.ok('error' in result, `${c.name}: answered instead of failing`)
      const failure = result as Failure
      assert.is(classifyError({ code: failure.code }), c.kind, failure.message)
      assert.match(failure.message, c.message)
      assert.is(retries, c.retries ?? 0, 'retries')
      // The connection object is still usable: a good request goes through (a new session if needed).
      hostile = false
      const again = await ownRequest(connection, 'GET', '/', { timeoutMs: 10_000 })
      assert.equal(again, { status: 200, headers: [['content-length', '2']], body: Buffer.from('ok') } satisfies Answer, 'the next request')
    } finally {
      await connection.destroy()
      await server.close()
    }
  })
}

test('hostile: a server that never sends its SETTINGS: a timeout at the request timeout, which says so', async () => {
  const server = await rawH2Server(() => {})
  const connection = ownConnection(server.origin)
  try {
    const result = (await ownRequest(connection, 'GET', '/', { timeoutMs: 200 })) as Failure
    assert.is(classifyError({ code: result.code }), 'timeout')
    assert.match(result.message, /never sent its HTTP\/2 SETTINGS/)
  } finally {
    await connection.destroy()
    await server.close()
  }
})

test('hostile: a first frame that is not SETTINGS', async () => {
  const server = await rawH2Server(() => {}, (conn) => conn.send(frame(PING, 0, 0, Buffer.alloc(8))))
  const connection = ownConnection(server.origin)
  try {
    const result = (await ownRequest(connection, 'GET', '/')) as Failure
    assert.is(classifyError({ code: result.code }), 'bad_response')
    assert.match(result.message, /PROTOCOL_ERROR: the server's first frame is not SETTINGS/)
  } finally {
    await connection.destroy()
    await server.close()
  }
})

test('hostile: node:http2 resets the stream and sends GOAWAY mid-answer', async () => {
  const server: Http2Server = createH2Server()
  server.on('session', (session) => session.on('error', () => {}))
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {}) // the server's own side of what it did
    if (headers[':path'] === '/reset') return void stream.close(constants.NGHTTP2_INTERNAL_ERROR)
    stream.respond({ ':status': 200 })
    stream.write('part of it')
    if (headers[':path'] === '/goaway') setImmediate(() => stream.session?.destroy(new Error('going'), constants.NGHTTP2_ENHANCE_YOUR_CALM))
    else stream.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const connection = ownConnection(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  try {
    const reset = (await ownRequest(connection, 'GET', '/reset')) as Failure
    assert.is(classifyError({ code: reset.code }), 'reset')
    assert.match(reset.message, /the server reset the stream before answering \(INTERNAL_ERROR\)/)
    const cut = (await ownRequest(connection, 'GET', '/goaway')) as Failure
    assert.is(classifyError({ code: cut.code }), 'reset')
    assert.match(cut.message, /mid-body/)
    const fine = (await ownRequest(connection, 'GET', '/fine')) as Answer
    assert.is(fine.body.toString(), 'part of it')
  } finally {
    await connection.destroy()
    server.close()
  }
})

test.needs(opensslMissing() ?? nginxH2Missing(), 'hostile: nginx drains each connection after 3 streams (GOAWAY) and resets /drop (444)', async () => {
  const certs = makeCerts()
  const nginx = await startNginxH2(certs.selfSigned, { small: Buffer.from('small') }, 3).catch((error) => {
    certs.remove()
    throw error
  })
  const connection = ownConnection(nginx.origin)
  try {
    for (let i = 0; i < 10; i++) {
      const answer = (await ownRequest(connection, 'GET', '/small')) as Answer
      assert.is(answer.status, 200, `request ${i}`)
      assert.is(answer.body.toString(), 'small')
    }
    const dropped = (await ownRequest(connection, 'GET', '/drop')) as Failure
    assert.is(classifyError({ code: dropped.code }), 'reset', dropped.message)
    assert.match(dropped.message, /the server reset the stream before answering/)
    assert.is(((await ownRequest(connection, 'GET', '/small')) as Answer).status, 200)
  } finally {
    await connection.destroy()
    await nginx.stop()
    certs.remove()
  }
})

test('streams: 1 (the default) sends one request at a time; { streams: 4 } four at once on one session', async () => {
  let inFlight = 0
  let most = 0
  let sessions = 0
  let batch = 1
  const held: import('node:http2').ServerHttp2Stream[] = []
  const server: Http2Server = createH2Server()
  server.on('session', () => sessions++)
  server.on('stream', (stream) => {
    held.push(stream)
    most = Math.max(most, ++inFlight)
    // Answers only once `batch` requests are in flight: a client that sent fewer at once times out.
    if (held.length < batch) return
    for (const one of held.splice(0)) {
      inFlight--
      one.respond({ ':status': 200 })
      one.end('x')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    for (const streams of [1, 4]) {
      most = 0
      sessions = 0
      batch = streams
      const connection = ownConnection(origin, { streams })
      const answers = await Promise.all(Array.from({ length: 12 }, () => ownRequest(connection, 'GET', '/', { timeoutMs: 10_000 })))
      await connection.destroy()
      assert.ok(answers.every((a) => 'status' in a && a.status === 200), JSON.stringify(answers.find((a) => 'error' in a)))
      assert.is(sessions, 1)
      assert.is(most, streams)
    }
  } finally {
    server.close()
  }
})

test.run()
