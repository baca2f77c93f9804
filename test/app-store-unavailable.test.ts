import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { createApp } from '../handler/app.ts'
import { createMemoryStore } from '../src/store/memory.ts'
import { StoreUnavailable } from '../src/store/step-store.ts'
import type { StepStore } from '../src/store/step-store.ts'

const test = suite('app-store-unavailable', { deadline: 120 })

/** A store whose database is gone: every call rejects (or throws) StoreUnavailable. */
function unavailableStore(retryAfter: number): StepStore {
  const fail = () => Promise.reject(new StoreUnavailable('database unavailable: ECONNREFUSED', retryAfter))
  return { ...createMemoryStore(), name: 'postgres (down)', record: fail, current: fail, day: fail, range: fail }
}

const logged: string[] = []
const app = createApp({ store: unavailableStore(3), runtime: 'node', logError: (message) => logged.push(message) })

for (const [method, path] of [['POST', '/1/1/1/1'], ['GET', '/current/1'], ['GET', '/single/1/1'], ['GET', '/range/1/1/3']]) {
  test(`${method} ${path} answers 503 JSON with Retry-After when the database is unavailable`, async () => {
    const res = await app.request(path, { method })
    assert.is(res.status, 503)
    assert.is(res.headers.get('retry-after'), '3')
    assert.match(res.headers.get('content-type') ?? '', /application\/json/)
    assert.equal(await res.json(), { error: 'the database is unavailable; retry later' })
  })
}

test('bad input is still a 400 while the database is down (parsing comes first)', async () => {
  const res = await app.request('/0/1/1/1', { method: 'POST' })
  assert.is(res.status, 400)
})

test('an outage is not logged per request as an unexpected fault', () => {
  assert.equal(logged, [])
})

test('a store that throws StoreUnavailable synchronously is a 503 too', async () => {
  const store: StepStore = { ...createMemoryStore(), current: () => { throw new StoreUnavailable('down', 1) } }
  const res = await createApp({ store, runtime: 'node' }).request('/current/1')
  assert.is(res.status, 503)
  assert.is(res.headers.get('retry-after'), '1')
})

test.run()
