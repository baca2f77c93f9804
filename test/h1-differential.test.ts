/**
 * The load client's HTTP/1.1 parser against Node's llhttp, on the same bytes: every response in
 * test/helpers/h1-corpus.ts is written by a raw TCP server on 127.0.0.1 and read by `node:http`
 * (strict parser), and fed to our ResponseParser whole, byte by byte, split at every byte and in
 * seeded random pieces, through a reused read buffer full of stale bytes as the connection does.
 * They must agree on complete / rejected / cut, the status and the body, or the case is listed
 * in DIFFERENCES with the reason.
 */
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { ResponseParser } from '../src/load/http/h1-response-parser.ts'
import { seededRandom } from '../src/load/random.ts'
import { H1_CASES, type H1Case } from './helpers/h1-corpus.ts'
import { corpusServer, llhttpOutcome, type H1Outcome } from './helpers/h1-corpus-llhttp.ts'

const test = suite('h1-differential', { deadline: 180 })

type Verdict = H1Outcome['verdict']

/** Where we deliberately differ from llhttp: both verdicts, and why. */
const DIFFERENCES: Record<string, { llhttp: Verdict; ours: Verdict; reason: string }> = {
  'status 000': {
    llhttp: 'complete', ours: 'rejected',
    reason: 'llhttp takes any three digits; a status below 100 is invalid (RFC 9110 §15) and status 0 is how the report says that no answer came, so it is a bad_response',
  },
  'status 099': {
    llhttp: 'complete', ours: 'rejected',
    reason: 'a status below 100 is invalid (RFC 9110 §15); counted as it would be a 1xx or a missing answer, so it is a bad_response',
  },
  'HTTP/2.0 status line': {
    llhttp: 'complete', ours: 'rejected',
    reason: 'llhttp\'s version table allows 2.0 in HTTP/1 framing; HTTP/2 is binary, so such a line on an HTTP/1.1 connection means a broken server or proxy, which a load test should show',
  },
  'HTTP/0.9 status line': {
    llhttp: 'complete', ours: 'rejected',
    reason: 'HTTP/0.9 has no status line at all: a line naming it is a broken server; the client asked in HTTP/1.1',
  },
  'head of 16,404 bytes, 16,383 of them names and values': {
    llhttp: 'complete', ours: 'rejected',
    reason: 'Node counts the reason, names and values against its 16 KiB; we count the head\'s bytes on the wire (line ends, colons and spaces too) as they arrive, which bounds what is held while a head is awaited and never passes a head llhttp refuses (the wire bytes are always more)',
  },
  '101 Switching Protocols without an upgrade': {
    llhttp: 'cut', ours: 'rejected',
    reason: 'llhttp stops at a 101 and node:http, with no upgrade asked for, drops the socket (a hang-up); we fail at once with bad_response since this client never asks for an upgrade',
  },
}

/** The connection's reads land in one reused buffer: stale bytes (line ends included) follow each read. */
const READ_BUFFER = Buffer.alloc(256 * 1024, 'HTTP/1.1 200 OK\r\n\n0\r\n')

/** What the parser tells its connection, gathered for one response at a time. */
class Collector {
  status = 0
  body = ''
  ended = false
  onHead(status: number): void { this.status = status }
  onBody(data: Buffer, start: number, end: number): void { this.body += data.toString('latin1', start, end) }
  onEnd(): void { this.ended = true }
}

/** A parser and its sink; one pair may read many responses, as a connection's does. */
function ourParser(): { parser: ResponseParser; sink: Collector } {
  const sink = new Collector()
  return { parser: new ResponseParser(sink), sink }
}

function ourOutcome(testCase: H1Case, cuts: readonly number[], { parser, sink } = ourParser()): H1Outcome {
  Object.assign(sink, { status: 0, body: '', ended: false })
  parser.expect(testCase.head ?? false)
  const wire = Buffer.from(testCase.wire, 'latin1')
  let from = 0
  try {
    for (const cut of [...cuts, wire.length]) {
      if (cut <= from) continue
      const size = wire.copy(READ_BUFFER, 0, from, cut)
      READ_BUFFER.fill('\r\n\n', size, size + 64) // stale bytes right after the read
      from = cut
      parser.feed(READ_BUFFER, size)
      if (sink.ended) break // what follows concerns the connection, not this response (as for llhttp)
    }
  } catch (error) {
    assert.is((error as { code?: string }).code, 'EDGELOAD_BAD_RESPONSE', `${testCase.name}: ${String(error)}`)
    if (!sink.ended) return { verdict: 'rejected', status: sink.status, body: '' }
  }
  if (!sink.ended) parser.closed() // the server closes after the bytes in every case
  return sink.ended ? { verdict: 'complete', status: sink.status, body: sink.body } : { verdict: 'cut', status: sink.status, body: '' }
}

/** Split points: none, every byte, each single split point (sampled for long wires), random pieces. */
function splits(wire: string, random: () => number): number[][] {
  const n = wire.length
  const all: number[][] = [[], Array.from({ length: n }, (_, i) => i + 1)]
  const step = Math.max(1, Math.floor(n / 300))
  for (let i = 1; i < n; i += step) all.push([i])
  for (let r = 0; r < 20; r++) {
    const cuts: number[] = []
    for (let at = 0; at < n;) cuts.push((at += 1 + Math.floor(random() * random() * Math.min(n, 2048))))
    all.push(cuts)
  }
  return all
}

function same(a: H1Outcome, b: H1Outcome): boolean {
  return a.verdict === b.verdict && (a.verdict !== 'complete' || (a.status === b.status && a.body === b.body))
}

function show(o: H1Outcome): string {
  return `${o.verdict} ${o.status} ${JSON.stringify(o.body.length > 40 ? `${o.body.slice(0, 40)}...(${o.body.length})` : o.body)}`
}

test(`the corpus is large and its names unique (${H1_CASES.length} cases)`, () => {
  assert.ok(H1_CASES.length >= 60)
  assert.is(new Set(H1_CASES.map((c) => c.name)).size, H1_CASES.length)
  for (const name of Object.keys(DIFFERENCES)) assert.ok(H1_CASES.some((c) => c.name === name), `listed difference "${name}" is a case`)
})

test('llhttp and our parser agree on every case, in every split, or the difference is listed', async () => {
  const server = await corpusServer(H1_CASES)
  const random = seededRandom(12)
  const problems: string[] = []
  try {
    for (const [index, testCase] of H1_CASES.entries()) {
      const theirs = await llhttpOutcome(server.port, index, testCase)
      const listed = DIFFERENCES[testCase.name]
      const whole = ourOutcome(testCase, [])
      if (listed) {
        if (theirs.verdict !== listed.llhttp || whole.verdict !== listed.ours) {
          problems.push(`${testCase.name}: listed as llhttp ${listed.llhttp} / ours ${listed.ours}, now llhttp ${show(theirs)} / ours ${show(whole)}`)
        }
      } else if (!same(theirs, whole)) {
        problems.push(`${testCase.name}: llhttp ${show(theirs)}, ours ${show(whole)}`)
      }
      // However the bytes are cut into reads, ours says the same as for the whole.
      for (const cuts of splits(testCase.wire, random)) {
        const split = ourOutcome(testCase, cuts)
        if (!same(split, whole) || split.status !== whole.status) {
          problems.push(`${testCase.name}: split at ${cuts.slice(0, 8).join(',')}${cuts.length > 8 ? ',...' : ''}: ${show(split)}, whole ${show(whole)}`)
          break
        }
      }
    }
  } finally {
    await server.close()
  }
  assert.equal(problems, [])
})

test('a parser reused after any response (kept, failed or cut) reads the next the same way', () => {
  const reused = ourParser()
  const problems: string[] = []
  for (const first of H1_CASES) {
    ourOutcome(first, [], reused)
    for (const next of [H1_CASES[0]!, first]) {
      const again = ourOutcome(next, [], reused)
      const fresh = ourOutcome(next, [])
      if (!same(again, fresh) || again.status !== fresh.status) problems.push(`${next.name} after ${first.name}: ${show(again)}, fresh ${show(fresh)}`)
    }
  }
  assert.equal(problems, [])
})

test('a malformed head fails on the read that brings the bad line, not at the close', () => {
  for (const wire of ['HTTP/1.1 200 OK\nContent-Length: 2\n\nok', 'HTTP/1.1 200 OK\r\nX: a\nY', 'HTTP/1.1 200 OK\r\nBad Name: 1\r\n']) {
    const parser = new ResponseParser({ onHead() {}, onBody() {}, onEnd() {} })
    parser.expect(false)
    assert.throws(() => parser.feed(Buffer.from(wire, 'latin1')), (e: { code?: string }) => e.code === 'EDGELOAD_BAD_RESPONSE', JSON.stringify(wire))
  }
})

test.run()
