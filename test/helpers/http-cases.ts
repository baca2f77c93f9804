/**
 * The HTTP contract of docs/api.md as data: one ordered list of requests
 * and the answers every deployment must give. Run in order against a fresh
 * instance with an empty store (the first cases create user 12's records).
 * Used in-process through app.request() and over real sockets per runtime.
 */
export interface HttpCase {
  name: string
  method: string
  path: string
  headers?: Record<string, string>
  body?: string | Uint8Array
  expect: {
    status: number
    /** Exact body text for plain-text answers. */
    text?: string
    /** Parsed JSON body, compared deeply. */
    json?: unknown
    /** For errors: the field the error must name (in `field` and in the message). */
    field?: string
    /** Expected Allow header for 405s. */
    allow?: string
    contentType?: 'text/plain' | 'application/json'
  }
}

const json = { accept: 'application/json' }
const bad = (name: string, method: string, path: string, field: string, status = 400): HttpCase => ({
  name, method, path, expect: { status, field, contentType: 'application/json' },
})

export const HTTP_CASES: readonly HttpCase[] = [
  { name: 'echo GET', method: 'GET', path: '/myresource', expect: { status: 200, text: 'Got it!', contentType: 'text/plain' } },
  { name: 'echo GET as JSON', method: 'GET', path: '/myresource', headers: json, expect: { status: 200, json: { message: 'Got it!' } } },
  { name: 'echo POST answers the length', method: 'POST', path: '/myresource', headers: { 'content-type': 'text/plain' }, body: '123', expect: { status: 200, text: '3' } },
  { name: 'echo POST counts characters, not bytes', method: 'POST', path: '/myresource', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'héllo😀', expect: { status: 200, text: '6' } },
  { name: 'echo POST without a content type', method: 'POST', path: '/myresource', body: 'abcd', expect: { status: 200, text: '4' } },
  { name: 'echo POST as JSON', method: 'POST', path: '/myresource', headers: { ...json, 'content-type': 'text/plain' }, body: '123', expect: { status: 200, json: { length: 3 } } },
  { name: 'record a step count', method: 'POST', path: '/12/1/7/3000', expect: { status: 200, text: 'OK' } },
  { name: 'a second post to the same hour adds up', method: 'POST', path: '/12/1/7/500', expect: { status: 200, text: 'OK' } },
  { name: 'record on a later day', method: 'POST', path: '/12/2/0/100', headers: json, expect: { status: 200, json: { userId: 12, day: 2, interval: 0, steps: 100 } } },
  { name: 'record hour 23 with 0 steps', method: 'POST', path: '/13/36500/23/0', expect: { status: 200, text: 'OK' } },
  { name: 'current is the most recent day', method: 'GET', path: '/current/12', expect: { status: 200, text: '100', contentType: 'text/plain' } },
  { name: 'current as JSON', method: 'GET', path: '/current/12', headers: json, expect: { status: 200, json: { userId: 12, steps: 100 } } },
  { name: 'single day adds the hours', method: 'GET', path: '/single/12/1', expect: { status: 200, text: '3500' } },
  { name: 'single day without records is 0', method: 'GET', path: '/single/12/5', expect: { status: 200, text: '0' } },
  { name: 'single as JSON', method: 'GET', path: '/single/12/1', headers: json, expect: { status: 200, json: { userId: 12, day: 1, steps: 3500 } } },
  { name: 'range of daily totals', method: 'GET', path: '/range/12/1/3', expect: { status: 200, json: [3500, 100, 0], contentType: 'application/json' } },
  { name: 'zero-step user is known', method: 'GET', path: '/current/13', expect: { status: 200, text: '0' } },
  { name: 'Accept with q-values prefers JSON', method: 'GET', path: '/current/12', headers: { accept: 'text/plain;q=0.5, application/json' }, expect: { status: 200, json: { userId: 12, steps: 100 } } },
  { name: 'Accept */* keeps plain text', method: 'GET', path: '/current/12', headers: { accept: '*/*' }, expect: { status: 200, text: '100' } },
  { name: 'health', method: 'GET', path: '/health', expect: { status: 200, contentType: 'application/json' } },
  bad('unknown user: current', 'GET', '/current/99', 'userId', 404),
  bad('unknown user: single', 'GET', '/single/99/1', 'userId', 404),
  bad('unknown user: range', 'GET', '/range/99/1/2', 'userId', 404),
  bad('non-numeric userId', 'GET', '/current/abc', 'userId'),
  bad('non-numeric steps', 'POST', '/12/1/7/many', 'steps'),
  bad('negative day', 'GET', '/single/12/-1', 'day'),
  bad('negative interval', 'POST', '/12/1/-1/5', 'interval'),
  bad('zero userId', 'GET', '/current/0', 'userId'),
  bad('zero day', 'POST', '/12/0/1/1', 'day'),
  bad('zero numDays', 'GET', '/range/12/1/0', 'numDays'),
  bad('zero startDay', 'GET', '/range/12/0/1', 'startDay'),
  bad('userId too large', 'GET', '/current/2147483648', 'userId'),
  bad('day too large', 'POST', '/12/36501/1/1', 'day'),
  bad('interval too large', 'POST', '/12/1/24/1', 'interval'),
  bad('steps too large', 'POST', '/12/1/1/100001', 'steps'),
  bad('numDays too large', 'GET', '/range/12/1/367', 'numDays'),
  bad('overflow beyond 2^53', 'GET', '/current/9007199254740993', 'userId'),
  bad('overflow of 25 digits', 'POST', '/12/1/1/9999999999999999999999999', 'steps'),
  bad('leading plus', 'GET', '/current/+12', 'userId'),
  bad('leading zero', 'GET', '/single/12/01', 'day'),
  bad('decimal point', 'GET', '/current/1.5', 'userId'),
  bad('exponent', 'POST', '/12/1/1/1e3', 'steps'),
  bad('percent-encoded garbage (no path is percent-decoded)', 'GET', '/current/%FF', 'path'),
  bad('a percent-encoded digit (no path is percent-decoded)', 'POST', '/12/1/1/%39', 'path'),
  { name: 'a trailing slash is another path', method: 'POST', path: '/12/1/1/9/', expect: { status: 404, field: 'path' } },
  bad('empty userId segment', 'GET', '/current/', 'userId'),
  bad('missing day segment', 'GET', '/single/12', 'day'),
  bad('empty day segment in a post', 'POST', '/12//7/3', 'day'),
  bad('empty numDays segment', 'GET', '/range/12/1/', 'numDays'),
  { name: 'extra segment', method: 'GET', path: '/current/12/extra', expect: { status: 404, field: 'path' } },
  { name: 'extra segment on the echo', method: 'GET', path: '/myresource/x', expect: { status: 404, field: 'path' } },
  { name: 'unknown path', method: 'GET', path: '/nope', expect: { status: 404, field: 'path' } },
  { name: 'wrong method on the echo', method: 'DELETE', path: '/myresource', expect: { status: 405, allow: 'GET, HEAD, POST', field: 'method' } },
  { name: 'wrong method on a record path', method: 'GET', path: '/12/1/7/3000', expect: { status: 405, allow: 'POST', field: 'method' } },
  { name: 'wrong method on current', method: 'POST', path: '/current/12', expect: { status: 405, allow: 'GET, HEAD', field: 'method' } },
  { name: 'wrong method on health', method: 'PUT', path: '/health', body: '', expect: { status: 405, allow: 'GET, HEAD', field: 'method' } },
  { name: '70 KiB body', method: 'POST', path: '/myresource', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(70 * 1024), expect: { status: 413, field: 'body' } },
  { name: '70 KiB body on a record path', method: 'POST', path: '/12/1/7/1', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(70 * 1024), expect: { status: 413, field: 'body' } },
  { name: 'binary body type', method: 'POST', path: '/myresource', headers: { 'content-type': 'application/octet-stream' }, body: 'abc', expect: { status: 415, field: 'Content-Type' } },
  { name: 'body that is not UTF-8', method: 'POST', path: '/myresource', headers: { 'content-type': 'text/plain' }, body: new Uint8Array([0x61, 0xff, 0xfe]), expect: { status: 400, field: 'body' } },
  { name: 'malformed Accept', method: 'GET', path: '/current/12', headers: { accept: 'text/' }, expect: { status: 400, field: 'Accept' } },
  { name: 'Accept with a bad q-value', method: 'GET', path: '/myresource', headers: { accept: 'application/json;q=2' }, expect: { status: 400, field: 'Accept' } },
  { name: 'records survive the errors', method: 'GET', path: '/single/12/1', expect: { status: 200, text: '3500' } },
]
