import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { createApp } from '../handler/app.ts'
import { hostProblem } from '../handler/lib/host-header.ts'
import { targetProblem } from '../handler/lib/request-target.ts'
import { millis } from '../handler/lib/timing.ts'
import { createMemoryStore } from '../src/store/memory.ts'

const test = suite('app-hostile', { deadline: 120 })

/** The app's own part of the hardening (issue 13), in-process. */

const hosts: [string | null, boolean][] = [
  ['example.com', true], ['127.0.0.1:8080', true], ['[::1]:443', true], ['localhost', true],
  [null, false], ['', false], ['127.0.0.1/771024/1/0/9?', false], ['x, y', false], ['a b', false],
  ['host:99999', false], ['host:', false], ['[::1', false], ['a%zz', false], ['h?q', false],
]
for (const [host, ok] of hosts) {
  test(`Host ${JSON.stringify(host)} is ${ok ? 'accepted' : 'refused'}`, () => {
    assert.is(hostProblem(host) === undefined, ok, hostProblem(host)?.message)
  })
}

test('with checkHost a missing or malformed Host is a 400 naming Host, before routing', async () => {
  const store = createMemoryStore()
  const app = createApp({ store, runtime: 'test', checkHost: true, logError: () => {} })
  const missing = await app.request('http://x/1/1/0/9', { method: 'POST' })
  assert.is(missing.status, 400)
  assert.is((await missing.json()).field, 'Host')
  const bad = await app.request('http://x/myresource', { method: 'POST', headers: { host: '127.0.0.1/5/1/0/9?' } })
  assert.is(bad.status, 400)
  assert.is(store.current(1), undefined, 'nothing recorded')
  const good = await app.request('http://x/1/1/0/9', { method: 'POST', headers: { host: 'x:8080' } })
  assert.is(good.status, 200)
})

/** A body that delivers `sent` and then fails, as a connection closed mid-upload does. */
function cutBody(sent: string): ReadableStream<Uint8Array> {
  let done = false
  return new ReadableStream({
    pull(controller) {
      if (done) return controller.error(new Error('connection closed mid-body'))
      done = true
      controller.enqueue(new TextEncoder().encode(sent))
    },
  })
}

for (const framing of ['content-length', 'chunked'] as const) {
  test(`a step POST whose ${framing} body is cut is refused with 400 (body) and not recorded`, async () => {
    const store = createMemoryStore()
    const logged: unknown[] = []
    const app = createApp({ store, runtime: 'test', logError: (_m, cause) => logged.push(cause) })
    const headers: Record<string, string> = framing === 'chunked' ? { 'transfer-encoding': 'chunked' } : { 'content-length': '100' }
    const res = await app.request('/7/1/0/9', { method: 'POST', headers, body: cutBody('abc'), duplex: 'half' } as RequestInit)
    assert.is(res.status, 400)
    assert.is((await res.json()).field, 'body')
    assert.is(store.current(7), undefined)
    assert.equal(logged, [], 'a client fault is not logged as a server fault')
  })
}

test('an echo POST whose body breaks is a 400, not a 500', async () => {
  const app = createApp({ store: createMemoryStore(), runtime: 'test', logError: () => {} })
  const res = await app.request('/myresource', { method: 'POST', headers: { 'content-length': '100' }, body: cutBody('abc'), duplex: 'half' } as RequestInit)
  assert.is(res.status, 400)
  assert.is((await res.json()).field, 'body')
})

test('a step POST waits for its whole declared body, then records', async () => {
  const store = createMemoryStore()
  const app = createApp({ store, runtime: 'test' })
  const res = await app.request('/7/1/0/9', { method: 'POST', headers: { 'content-length': '3' }, body: 'abc' })
  assert.is(res.status, 200)
  assert.is(store.current(7), 9)
})

test('/health names the engine, not where the data is', async () => {
  const store = { ...createMemoryStore(), name: 'sqlite (better-sqlite3) /var/lib/secret/steps.db', engine: 'sqlite (better-sqlite3)' }
  const res = await createApp({ store, runtime: 'node' }).request('/health')
  assert.equal(await res.json(), { status: 'ok', runtime: 'node', store: 'sqlite (better-sqlite3)' })
})

/** The request-target rule (issue 21, item 5): refused or routed as sent, never rewritten. */
const targets: [string, boolean][] = [
  ['/myresource', true], ['/7/1/0/9', true], ['/current/12?x=%20&y=..', true], ['/a.b/c', true], ['/.well-known', true], ['/', true],
  ['/current/12/', true], ['/12//7/3', true],
  ['/zz/../7/1/0/9', false], ['/zz/./7', false], ['/zz/..', false], ['/7/1/0/%39', false], ['/zz/%2e%2e/7/1/0/9', false],
  ['/7\\1\\0\\9', false], ['/7/1/0/9#x', false], ['/7/1/0/9?q#x', false],
]
for (const [target, ok] of targets) {
  test(`target ${JSON.stringify(target)} is ${ok ? 'routed as sent' : 'refused, naming path'}`, () => {
    const problem = targetProblem(target)
    assert.is(problem === undefined, ok, problem?.message)
    if (problem) assert.is(problem.field, 'path')
  })
}

test('Server-Timing milliseconds: three decimals, within a microsecond of toFixed(3)', () => {
  for (const ms of [0, 0.0004, 0.0015, 0.25, 1, 12.3456, 999.9994, 86_400_000.123]) {
    const shown = millis(ms)
    assert.match(shown, /^\d+\.\d{3}$/)
    assert.ok(Math.abs(Number(shown) - Number(ms.toFixed(3))) <= 0.001, `${ms}: ${shown} vs ${ms.toFixed(3)}`)
  }
})

test.run()
