/**
 * Hostile input as data (issue 13): raw request bytes and what every runtime
 * must answer. Each case is sent on its own connection to a fresh server.
 *
 * - `status`: the answer expected (a list where the RFC lets a server choose);
 *   never a 5xx.
 * - `closes`: the framing was ambiguous or broken, so the server must close the
 *   connection after answering (RFC 9112 sections 6.3 and 11.2).
 * - `hiddenUser`: a user that only a smuggled or misrouted request would record;
 *   it must stay unknown. Checked through the store after the case.
 * - `field`: the JSON error must name it, where our code answers (Node, and
 *   the local Worker behind its Node front).
 * - `writes`: step POSTs the bytes carry, each with the index of the answer
 *   that is its own: it must be stored if and only if that answer is a 200
 *   (an executed request got its answer; one that got an error, or none,
 *   changed nothing). Checked through the store after the case.
 * - `expect.then`: the answers after the first, in order (pipelined requests).
 * - `limits`: what a runtime decides before our code runs, asserted as it is
 *   (so a fixed runtime shows up) and printed with the reason and an upstream
 *   reference; mirrored in the runtime table of docs/runtimes.md.
 */
export type HostileTarget = 'node' | 'deno' | 'bun' | 'workerd' | 'worker-local' | 'lambda-local'

export interface RuntimeLimit {
  /** What the runtime answers instead; 0 for no answer at all. */
  status: number
  /** The runtime executes the hidden request; only ever for local workerd (see docs/api.md). */
  recordsHidden?: boolean
  /** The runtime leaves the connection open where it should close it. */
  staysOpen?: boolean
  reason: string
  upstream: string
}

export type Statuses = number | readonly number[]

export interface HostileCase {
  name: string
  bytes: string
  halfClose?: boolean
  expect: { status: Statuses; closes?: boolean; field?: string; then?: readonly Statuses[] }
  hiddenUser?: number
  writes?: readonly { user: number; answer: number }[]
  limits?: Partial<Record<HostileTarget, RuntimeLimit>>
}

export const KJ_HTTP = 'https://github.com/capnproto/capnproto/blob/v2/c%2B%2B/src/kj/compat/http.c%2B%2B (workerd\'s HTTP server; no upstream issue found)'
export const KJ_URL = 'https://github.com/capnproto/capnproto/blob/v2/c%2B%2B/src/kj/compat/url.c%2B%2B (workerd\'s URL parser; no upstream issue found)'
const LOCAL_ONLY = 'local workerd only: deployed Workers sit behind Cloudflare\'s own front end; npm run start:worker puts Node\'s parser in front'

export const workerd = (status: number, reason: string, upstream = KJ_HTTP, extra: Partial<RuntimeLimit> = {}): RuntimeLimit =>
  ({ status, reason: `${reason} (${LOCAL_ONLY})`, upstream, ...extra })

/** A step POST for `user`, hidden where only a second parse of the bytes would find it. */
const hidden = (user: number) => `POST /${user}/1/0/9 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`

/** Content-Length covering the chunked end and a hidden request: the classic CL.TE desync. */
function clte(teLine: string, user: number): string {
  const body = `0\r\n\r\n${hidden(user)}`
  return `POST /myresource HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n${teLine}\r\n\r\n${body}`
}

const smuggled = (spelling: string) => workerd(200,
  `kj-http frames the body by Transfer-Encoding (${spelling}), ignores Content-Length and keeps the connection, so the bytes after the chunked end run as a second request`,
  KJ_HTTP, { recordsHidden: true, staysOpen: true })

const BUN_HALF_CLOSE: RuntimeLimit = {
  status: 0,
  reason: 'Bun closes the whole connection as soon as the client ends its sending side, so no answer can be written; the cut request is not recorded',
  upstream: 'https://github.com/uNetworking/uWebSockets/blob/master/src/HttpContext.h (uWebSockets, under Bun.serve, has no half-open sockets)',
}

let nextUser = 880_001
const user = () => nextUser++

function smuggle(name: string, teLine: string, workerdSmuggles: boolean): HostileCase {
  const u = user()
  return {
    name, bytes: clte(teLine, u), hiddenUser: u, expect: { status: 400, closes: true },
    limits: workerdSmuggles ? { workerd: smuggled(JSON.stringify(teLine)) } : undefined,
  }
}

const u = { badHost: user(), noHost10: user(), backslash: user(), cut: user(), cutChunked: user() }

export const HOSTILE_CASES: readonly HostileCase[] = [
  smuggle('Content-Length with Transfer-Encoding: chunked', 'Transfer-Encoding: chunked', true),
  smuggle('Content-Length with Transfer-Encoding spelled "  chunked"', 'Transfer-Encoding:  chunked', true),
  smuggle('Content-Length with Transfer-Encoding spelled "\\tchunked"', 'Transfer-Encoding:\tchunked', true),
  smuggle('Content-Length with Transfer-Encoding: CHUNKED', 'Transfer-Encoding: CHUNKED', true),
  smuggle('Content-Length with Transfer-Encoding: chunked, chunked', 'Transfer-Encoding: chunked, chunked', true),
  smuggle('Content-Length with "Transfer-Encoding : chunked" (space before the colon)', 'Transfer-Encoding : chunked', true),
  {
    name: 'two different Content-Length values',
    bytes: 'POST /myresource HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 40\r\n\r\nabc',
    expect: { status: 400, closes: true },
    limits: { workerd: workerd(500, 'kj-http throws on conflicting Content-Length values and answers 500') },
  },
  {
    name: 'Content-Length: -1',
    bytes: 'POST /myresource HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    expect: { status: 400, closes: true },
    limits: { workerd: workerd(500, 'kj-http throws on a negative Content-Length and answers 500') },
  },
  {
    name: 'Content-Length: 1e3',
    bytes: 'POST /myresource HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n',
    expect: { status: 400, closes: true },
    limits: { workerd: workerd(500, 'kj-http throws on a Content-Length that is not digits and answers 500') },
  },
  {
    name: 'a header line without a colon',
    bytes: 'GET /myresource HTTP/1.1\r\nHost: x\r\nBogus\r\n\r\n',
    expect: { status: 400, closes: true, field: 'headers' },
  },
  {
    name: 'a NUL byte in a header value',
    bytes: 'GET /myresource HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n',
    expect: { status: 400, closes: true, field: 'headers' },
  },
  {
    name: 'a Host carrying a path that would reroute the request',
    bytes: `POST /myresource HTTP/1.1\r\nHost: 127.0.0.1/${u.badHost}/1/0/9?\r\nContent-Length: 0\r\n\r\n`,
    hiddenUser: u.badHost,
    expect: { status: 400, field: 'Host' },
    limits: { workerd: workerd(500, 'kj-url fails to build the request URL from the Host and workerd answers 500', KJ_URL) },
  },
  {
    name: 'HTTP/1.1 without a Host',
    bytes: 'GET /myresource HTTP/1.1\r\n\r\n',
    expect: { status: 400, field: 'Host' },
  },
  {
    name: 'HTTP/1.0 without a Host, whose first segment Bun took for one',
    bytes: `POST /aaaa/${u.noHost10}/1/0/9 HTTP/1.0\r\nContent-Length: 0\r\n\r\n`,
    hiddenUser: u.noHost10,
    expect: { status: 400, field: 'Host' },
  },
  {
    name: 'two Host headers',
    bytes: 'GET /myresource HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n',
    expect: { status: 400, field: 'Host' },
    limits: { workerd: workerd(500, 'kj-url fails to build the request URL from the joined Host "x, y" and workerd answers 500', KJ_URL) },
  },
  {
    name: 'a backslash path that URL parsers turn into a route',
    bytes: `POST /${u.backslash}\\1\\0\\9 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`,
    hiddenUser: u.backslash,
    expect: { status: [400, 404], field: 'path' },
    limits: {
      bun: { status: 200, recordsHidden: true, reason: 'Bun builds request.url with the WHATWG URL parser, which reads "\\" as "/" in http URLs, before our code sees the target', upstream: 'https://url.spec.whatwg.org/#path-state (special-scheme backslash rule)' },
      workerd: workerd(200, 'workerd builds request.url with a WHATWG URL parser, which reads "\\" as "/"', KJ_URL, { recordsHidden: true, staysOpen: true }),
    },
  },
  {
    name: 'the asterisk target',
    bytes: 'GET * HTTP/1.1\r\nHost: x\r\n\r\n',
    expect: { status: 400, field: 'path' },
    limits: { workerd: workerd(500, 'kj-url cannot parse "*" and workerd answers 500', KJ_URL) },
  },
  {
    name: 'an absolute-form target is accepted (RFC 9112 section 3.2.2)',
    bytes: 'GET http://127.0.0.1/myresource HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    expect: { status: 200 },
    limits: { workerd: workerd(500, 'kj-url refuses the absolute-form target and workerd answers 500', KJ_URL) },
  },
  {
    name: 'an unknown method',
    bytes: 'FOO /myresource HTTP/1.1\r\nHost: x\r\n\r\n',
    // A parser that knows its methods refuses (400); one that passes any token on gets the app's 405.
    expect: { status: [400, 405], field: 'method' },
    limits: {
      bun: { status: 0, reason: 'Bun (uWebSockets) closes the connection without an answer for a method it does not know', upstream: 'https://github.com/oven-sh/bun/issues/19326 (Bun\'s request-line errors)' },
      workerd: workerd(501, 'kj-http answers 501 "Unrecognized request method"'),
    },
  },
  {
    name: 'a request line with text after the version',
    bytes: 'GET /myresource HTTP/1.1 extra\r\nHost: x\r\n\r\n',
    expect: { status: 400, closes: true },
    limits: {
      bun: { status: 505, reason: 'Bun answers any malformed request line with 505 HTTP Version Not Supported', upstream: 'https://github.com/oven-sh/bun/issues/19326' },
      workerd: workerd(200, 'kj-http ignores text after the version and serves the request', KJ_HTTP, { staysOpen: true }),
    },
  },
  {
    name: 'a step POST whose body stops at 3 of 100 bytes, then the client stops sending',
    bytes: `POST /${u.cut}/1/0/9 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc`,
    halfClose: true,
    hiddenUser: u.cut,
    expect: { status: 400, closes: true, field: 'body' },
    limits: { bun: BUN_HALF_CLOSE },
  },
  {
    name: 'a chunked step POST cut before its last chunk',
    bytes: `POST /${u.cutChunked}/1/0/9 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n`,
    halfClose: true,
    hiddenUser: u.cutChunked,
    expect: { status: 400, closes: true, field: 'body' },
    limits: { bun: BUN_HALF_CLOSE },
  },
  {
    name: 'an invalid chunk size',
    bytes: 'POST /myresource HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
    expect: { status: 400, closes: true, field: 'body' },
    limits: { deno: { status: 0, reason: 'Deno (hyper) drops the connection on an invalid chunk size before the app can answer; nothing is recorded', upstream: 'https://github.com/hyperium/hyper/blob/master/src/proto/h1/decode.rs (chunk-size parse error ends the connection)' } },
  },
  {
    name: 'an 8 KiB chunk extension',
    bytes: `POST /myresource HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;${'a'.repeat(8192)}\r\nabc\r\n0\r\n\r\n`,
    // Accepted, or refused as malformed or too large: never a 500.
    expect: { status: [200, 400, 413] },
  },
  {
    name: 'Transfer-Encoding without a final chunked',
    bytes: 'POST /myresource HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc',
    expect: { status: 400, closes: true },
    limits: { workerd: workerd(500, 'kj-http throws on a Transfer-Encoding it does not implement and answers 500') },
  },
  {
    name: 'an Expect the server does not offer',
    bytes: 'GET /myresource HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\n\r\n',
    // RFC 9110 section 10.1.1: a server MAY answer 417 or ignore it.
    expect: { status: [200, 417], field: 'Expect' },
  },
  {
    name: 'a 20 KiB header',
    bytes: `GET /myresource HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20 * 1024)}\r\n\r\n`,
    // Node and Bun cap the header block at 16 KiB (431); Deno and workerd allow more.
    expect: { status: [200, 431], field: 'headers' },
  },
]
