import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { ServiceSignals } from '../src/load/http/service-signals.ts'
import { ResponseParser } from '../src/load/http/h1-response-parser.ts'

const test = suite('load-h1-parser', { deadline: 120 })

interface Parsed {
  status: number
  headers: string
  body: string
  reusable: boolean | undefined
}

/** Feeds `wire` in pieces of `step` bytes (0: all at once) and collects what the parser says. */
function parse(wire: string | Buffer, options: { step?: number; head?: boolean; close?: boolean } = {}): Parsed {
  const out: Parsed = { status: 0, headers: '', body: '', reusable: undefined }
  const parser: ResponseParser = new ResponseParser({
    onHead(status, headers) {
      out.status = status
      out.headers = headers
    },
    onBody(data, start, end) {
      out.body += data.toString('latin1', start, end)
    },
    onEnd(reusable) {
      out.reusable = reusable
    },
  })
  parser.expect(options.head ?? false)
  const bytes = typeof wire === 'string' ? Buffer.from(wire, 'latin1') : wire
  const step = options.step || bytes.length
  for (let i = 0; i < bytes.length; i += step) parser.feed(bytes.subarray(i, i + step))
  if (options.close) parser.closed()
  return out
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n\r\nGot it!'

test('a Content-Length response, whole or one byte at a time', () => {
  for (const step of [0, 1, 3, 17]) {
    const r = parse(OK, { step })
    assert.equal([r.status, r.body, r.reusable], [200, 'Got it!', true], `step ${step}`)
    assert.is(r.headers, 'Content-Type: text/plain\r\nContent-Length: 7')
  }
})

test('chunked bodies, with extensions and trailers, in any split', () => {
  const wire = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n'
  for (const step of [0, 1, 2, 5]) {
    const r = parse(wire, { step })
    assert.equal([r.status, r.body, r.reusable], [200, 'Wikipedia', true], `step ${step}`)
  }
})

test('1xx answers are skipped; 204, 304 and HEAD have no body', () => {
  assert.equal(parse(`HTTP/1.1 100 Continue\r\n\r\n${OK}`).body, 'Got it!')
  assert.equal(parse(`HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n${OK}`, { step: 4 }).status, 200)
  assert.equal(parse('HTTP/1.1 204 No Content\r\n\r\n').reusable, true)
  assert.equal(parse('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n').reusable, true)
  const head = parse('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n', { head: true })
  assert.equal([head.body, head.reusable], ['', true])
})

test('without a length the body runs until the server closes, and the connection is not reused', () => {
  const r = parse('HTTP/1.1 200 OK\r\n\r\nall of it', { close: true })
  assert.equal([r.body, r.reusable], ['all of it', false])
  assert.is(parse('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok').reusable, false)
  assert.is(parse('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok').reusable, false)
  assert.is(parse('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok').reusable, true)
})

test('the service\'s headers (cold start, server timing) are read above the HTTP layer, names in any case', () => {
  const r = parse('HTTP/1.1 200 OK\r\nx-cold-start: 1\r\nSERVER-TIMING: db;dur=9, app;dur=1.5\r\nContent-Length: 0\r\n\r\n')
  const signals = new ServiceSignals()
  signals.read(r.headers)
  assert.equal([signals.coldStart, signals.serverUs], [true, 1500])
  signals.read(parse(OK).headers)
  assert.equal([signals.coldStart, signals.serverUs], [false, -1])
  signals.read([Buffer.from('X-Cold-Start'), Buffer.from('1'), Buffer.from('Server-Timing'), Buffer.from('app;dur=2')])
  assert.equal([signals.coldStart, signals.serverUs], [true, 2000])
})

test('one parser, many responses: a repeated head is recognised, a changed one parsed again', () => {
  const bodies: string[] = []
  let status = 0
  const parser: ResponseParser = new ResponseParser({
    onHead(s) { status = s },
    onBody(data, start, end) { bodies[bodies.length - 1] += data.toString('latin1', start, end) },
    onEnd() {},
  })
  const wires = [OK, OK, 'HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno', OK, OK]
  for (const [i, wire] of wires.entries()) {
    parser.expect(false)
    bodies.push('')
    const bytes = Buffer.from(wire, 'latin1')
    const step = i === 4 ? 3 : bytes.length // the last one arrives in small reads
    for (let k = 0; k < bytes.length; k += step) parser.feed(bytes.subarray(k, k + step))
    assert.is(parser.busy, false, `response ${i} complete`)
  }
  assert.equal(bodies, ['Got it!', 'Got it!', 'no', 'Got it!', 'Got it!'])
  assert.is(status, 200)
})

test('a read may be a view of a larger reused buffer: only [0, end) counts', () => {
  const stale = Buffer.alloc(512, 'x')
  const wire = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n', 'latin1')
  wire.copy(stale)
  let body = ''
  let ended = false
  const parser = new ResponseParser({ onHead() {}, onBody(data, start, end) { body += data.toString('latin1', start, end) }, onEnd() { ended = true } })
  parser.expect(false)
  parser.feed(stale, wire.length - 4) // the final CRLFs not read yet; what follows is stale
  assert.is(ended, false)
  parser.feed(Buffer.from('\r\n\r\n'), 4)
  assert.equal([body, ended], ['abc', true])
})

test('what is not HTTP/1.x fails as bad_response', () => {
  const bad = [
    'HELLO THIS IS NOT HTTP\r\n\r\n',
    'HTTP/2 200\r\n\r\n',
    'HTTP/1.1 2000 OK\r\n\r\n',
    'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    `${OK}extra bytes`,
  ]
  for (const wire of bad) {
    assert.throws(() => parse(wire), (e: { code?: string }) => e.code === 'EDGELOAD_BAD_RESPONSE', JSON.stringify(wire))
  }
  assert.throws(() => parse('GARBAGE', { step: 1 }), (e: { code?: string }) => e.code === 'EDGELOAD_BAD_RESPONSE', 'fails on the first wrong byte')
  assert.throws(() => parse(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(17 * 1024)}`), (e: { code?: string }) => e.code === 'EDGELOAD_BAD_RESPONSE', 'head over 16 KiB')
})

test.run()
