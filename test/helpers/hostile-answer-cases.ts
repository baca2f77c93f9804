import type { HostileCase, HostileTarget, RuntimeLimit } from './hostile-cases.ts'
import { KJ_HTTP, KJ_URL, workerd } from './hostile-cases.ts'

/**
 * Hostile input, second table (issue 21): an answer means what it says. Each
 * case carries the step POSTs it sends (`writes`), and the suite checks that
 * every one that was run got its own answer and every one that got an error,
 * or no answer, stored nothing: a client retries those, and a write stored
 * behind them would be counted twice. Same shape as HOSTILE_CASES
 * (hostile-cases.ts), run by the same suite against every runtime.
 */

let nextUser = 890_001
const user = () => nextUser++

/** A complete step POST for `u`, `extra` header lines before the blank line. */
const post = (u: number, extra = '') => `POST /${u}/1/0/9 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n${extra}\r\n`

type Limits = Partial<Record<HostileTarget, RuntimeLimit>>

/** A valid write with Connection: close, then `after` in the same send: its answer closes the connection. */
function afterClose(name: string, after: (u: number) => string, limits?: Limits): HostileCase {
  const [first, second] = [user(), user()]
  return {
    name: `a write with Connection: close, then ${name} in the same send`,
    bytes: post(first, 'Connection: close\r\n') + after(second),
    // RFC 9112 section 9.6: nothing after a request with "close" is processed.
    expect: { status: 200, closes: true },
    writes: [{ user: first, answer: 0 }, { user: second, answer: 1 }],
    limits,
  }
}

/** A valid write, then a malformed request on the same connection: 200, then the 400, then the close. */
function beforeBroken(name: string, broken: string, limits?: Limits): HostileCase {
  const first = user()
  return {
    name: `a write, then ${name} in the same send`,
    bytes: post(first) + broken,
    expect: { status: 200, closes: true, then: [400] },
    writes: [{ user: first, answer: 0 }],
    limits,
  }
}

function pipelined(count: number): HostileCase {
  const users = Array.from({ length: count }, user)
  return {
    name: `${count} complete writes pipelined in one send`,
    bytes: users.map((u) => post(u)).join(''),
    // Every write that runs is answered; a server may close before running the ones past its bound.
    expect: { status: 200, then: Array(MIN_PIPELINED_ANSWERS - 1).fill(200) },
    writes: users.map((u, answer) => ({ user: u, answer })),
  }
}

/** Node's bound (MAX_QUEUED_PER_CONNECTION 32 waiting, plus the one being answered). */
const MIN_PIPELINED_ANSWERS = 33

/** A target that a URL parser or router would turn into the step route for `u`. */
function rewrittenPath(name: string, target: (u: number) => string, limits?: Limits): HostileCase {
  const u = user()
  return {
    name: `a non-canonical path: ${name}`,
    bytes: `POST ${target(u)} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`,
    expect: { status: [400, 404], field: 'path' },
    writes: [{ user: u, answer: 0 }],
    limits,
  }
}

const DENO_UNREAD_BODY: RuntimeLimit = {
  status: 413,
  staysOpen: true,
  reason: 'Deno answers the 413 (with Connection: close) but keeps the connection open with the body unread; nothing after it is run',
  upstream: 'https://github.com/denoland/deno/pull/36690 (Deno\'s own HTTP/1.1 path: unread bodies are to close the connection)',
}

/** The local Lambda's front is API Gateway: it buffers the whole body (up to 10 MB) before the function runs. */
const GATEWAY_READ_BODY: RuntimeLimit = {
  status: 413,
  staysOpen: true,
  reason: 'API Gateway (the local Lambda\'s front) reads the whole body before the function runs, so after the function\'s 413 the connection is sound and stays open; the write after it is answered and stored',
  upstream: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html (HTTP API payload limit 10 MB: the body is buffered)',
}

/** Bun reads a target through the WHATWG URL parser before the app sees it, so dot-segments are gone. */
const BUN_DOT_SEGMENTS: RuntimeLimit = {
  status: 200,
  reason: 'Bun builds request.url with the WHATWG URL parser, which removes dot-segments (also %2e%2e), before our code sees the target: the write runs and is answered',
  upstream: 'https://url.spec.whatwg.org/#double-dot-path-segment (Bun.serve exposes no raw request target)',
}

const KJ_KEEPS_OPEN = workerd(200, 'kj-http answers the write but keeps reading the connection after Connection: close', KJ_HTTP, { staysOpen: true })
const KJ_500_AFTER = workerd(200, 'kj-http answers the write, then 500 to the request with Content-Length: -1')
const KJ_NORMALIZES = workerd(200, 'workerd builds request.url with a WHATWG URL parser, which removes dot-segments (also %2e%2e) and the fragment before our code sees the target', KJ_URL)

const chunks = (bytes: number, size = 8192) => {
  const chunk = `${size.toString(16)}\r\n${'x'.repeat(size)}\r\n`
  return chunk.repeat(Math.ceil(bytes / size)) + '0\r\n\r\n'
}

const u = { http10: user(), after413: user(), afterHugeLength: user(), afterTrailer: user() }

export const ANSWER_CASES: readonly HostileCase[] = [
  afterClose('a second write', post, { workerd: KJ_KEEPS_OPEN }),
  afterClose('one stray byte', () => 'X', { workerd: KJ_KEEPS_OPEN }),
  afterClose('a request with Content-Length: -1', () => 'POST /myresource HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', { workerd: KJ_500_AFTER }),
  afterClose('a header line without a colon', () => 'GET /myresource HTTP/1.1\r\nHost: x\r\nBogus\r\n\r\n'),
  beforeBroken('a request with Content-Length: -1', 'POST /myresource HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', { workerd: KJ_500_AFTER }),
  beforeBroken('a header line without a colon', 'GET /myresource HTTP/1.1\r\nHost: x\r\nBogus\r\n\r\n'),
  pipelined(34),
  pipelined(40),
  {
    name: 'an HTTP/1.0 chunked request with keep-alive, then a write',
    bytes: 'POST /myresource HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' + post(u.http10),
    // RFC 9112 section 6.1: the framing is faulty; the server closes after it.
    expect: { status: 400, closes: true, field: 'Transfer-Encoding' },
    writes: [{ user: u.http10, answer: 1 }],
    limits: { workerd: workerd(200, 'kj-http serves a chunked HTTP/1.0 request and keeps the connection, so the write after it runs (and is answered)', KJ_HTTP, { staysOpen: true }) },
  },
  {
    name: 'a 200 KB chunked body in 8 KiB chunks (413), then a write',
    bytes: 'POST /myresource HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n' + chunks(200_000) + post(u.after413),
    // The rest of the body is not read, so the connection closes after the 413.
    expect: { status: 413, closes: true, field: 'body' },
    writes: [{ user: u.after413, answer: 1 }],
    limits: { deno: DENO_UNREAD_BODY, 'lambda-local': GATEWAY_READ_BODY },
  },
  {
    name: 'a 1 MiB chunked body',
    bytes: 'POST /myresource HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n' + chunks(1024 * 1024),
    expect: { status: 413, closes: true, field: 'body' },
    limits: { deno: DENO_UNREAD_BODY, 'lambda-local': GATEWAY_READ_BODY },
  },
  {
    name: 'Content-Length: 10^12 with a few bytes sent, then a write',
    bytes: `POST /myresource HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000000000000\r\n\r\nabc${post(u.afterHugeLength)}`,
    expect: { status: 413, closes: true, field: 'body' },
    writes: [{ user: u.afterHugeLength, answer: 1 }],
    limits: {
      deno: DENO_UNREAD_BODY,
      'lambda-local': { status: 413, reason: 'API Gateway answers a body over its 10 MB payload limit itself, with its own JSON ({"message":"Request Entity Too Large"}), and closes', upstream: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html' },
    },
  },
  {
    name: 'Expect: 100-continue with a small body',
    bytes: 'POST /myresource HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc',
    expect: { status: 200 },
  },
  {
    name: 'a valid chunked body with a trailer, then a write',
    bytes: `POST /myresource HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n${post(u.afterTrailer)}`,
    expect: { status: 200, then: [200] },
    writes: [{ user: u.afterTrailer, answer: 1 }],
    limits: {
      workerd: workerd(200, 'kj-http answers the request, then 501 to the trailer line as if it began a new request, and closes: the write after it is not run'),
      bun: { status: 200, reason: 'Bun.serve answers the request, then a 400 to the trailer line as if it began a new request, and closes: the write after it is not run', upstream: 'https://github.com/oven-sh/bun/pull/32887 (open: consume the chunked trailer-part)' },
    },
  },
  rewrittenPath('a dot-dot segment', (v) => `/zz/../${v}/1/0/9`, { bun: BUN_DOT_SEGMENTS, workerd: KJ_NORMALIZES }),
  rewrittenPath('an encoded dot-dot segment', (v) => `/zz/%2e%2e/${v}/1/0/9`, { bun: BUN_DOT_SEGMENTS, workerd: KJ_NORMALIZES }),
  rewrittenPath('a percent-encoded digit', (v) => `/${v}/1/0/%39`),
  rewrittenPath('a trailing slash', (v) => `/${v}/1/0/9/`),
  rewrittenPath('a fragment', (v) => `/${v}/1/0/9#x`, { workerd: KJ_NORMALIZES }),
  {
    name: 'TRACE',
    bytes: 'TRACE /myresource HTTP/1.1\r\nHost: x\r\n\r\n',
    expect: { status: 405, field: 'method' },
  },
  {
    name: 'CONNECT',
    bytes: 'CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n',
    expect: { status: 400, closes: true, field: 'method' },
    limits: {
      workerd: workerd(500, 'kj-url cannot build a URL from the authority-form target and workerd answers 500', KJ_URL),
      deno: { status: 400, staysOpen: true, reason: 'Deno.serve hands CONNECT to the app, which refuses it with Connection: close, but keeps the connection open', upstream: 'https://github.com/denoland/deno/issues/19306 (Deno.serve\'s HTTP handling; no issue on CONNECT found)' },
      bun: { status: 400, staysOpen: true, reason: 'Bun.serve hands CONNECT to the app (which refuses it), then keeps the connection as a tunnel that answers nothing more until its idle timeout', upstream: 'https://github.com/oven-sh/bun/pull/37585 (open: close the connection after answering a CONNECT)' },
    },
  },
  {
    name: 'GET /myresource HTTP/2.0 over HTTP/1 framing',
    bytes: 'GET /myresource HTTP/2.0\r\nHost: x\r\n\r\n',
    expect: { status: 400, closes: true, field: 'version' },
    limits: {
      workerd: workerd(200, 'kj-http serves a request line of version HTTP/2.0 as HTTP/1.1', KJ_HTTP, { staysOpen: true }),
      bun: { status: 505, reason: 'Bun answers an HTTP/1 request line with another version 505 HTTP Version Not Supported, with an empty body', upstream: 'https://github.com/oven-sh/bun/issues/19326 (Bun\'s request-line errors)' },
    },
  },
  {
    name: 'the HTTP/2 connection preface (h2c prior knowledge) on the HTTP/1 port',
    bytes: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    expect: { status: [400, 505], closes: true },
    limits: {
      workerd: workerd(501, 'kj-http answers 501 "Unrecognized request method" to the preface\'s PRI'),
      deno: { status: 0, staysOpen: true, reason: 'Deno.serve sniffs the HTTP/2 preface on a cleartext port and speaks HTTP/2 (h2c with prior knowledge), where the Host rule reads :authority; it cannot be turned off', upstream: 'https://github.com/denoland/deno/issues/19306 ("HTTP/2 is supported over cleartext w/prior knowledge")' },
    },
  },
]
