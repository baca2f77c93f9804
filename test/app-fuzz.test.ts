import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { createApp } from '../handler/app.ts'
import { createMemoryStore } from '../src/store/memory.ts'

const test = suite('app-fuzz', { deadline: 120 })

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let state = seed >>> 0
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

const PIECES = ['current', 'single', 'range', 'myresource', 'health', '', '0', '1', '12', '-1', '+5', '01',
  '2147483648', '9007199254740993', '1e3', '1.5', 'abc', '%FF', '%2F', '..', ' ', '%00', '23', '24', '36500', '366', 'x'.repeat(300)]
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']
const ACCEPTS = [undefined, '*/*', 'application/json', 'text/', ';;', 'application/json;q=', 'a/b;q=0.5,,', 'text/*;q=0.1, */*;q=0.2']
const TYPES = [undefined, 'text/plain', 'application/json', 'image/png', ';', 'text/plain; charset=latin1']

test('2,000 random requests: never a 500, every error is JSON with a message', async () => {
  const random = lcg(20261126)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  const app = createApp({ store: createMemoryStore(), runtime: 'test', logError: () => {} })
  for (let i = 0; i < 2000; i++) {
    const segments = Array.from({ length: Math.floor(random() * 6) }, () => pick(PIECES))
    const path = `/${segments.join('/')}`
    const method = pick(METHODS)
    const headers: Record<string, string> = {}
    const accept = pick(ACCEPTS)
    if (accept) headers.accept = accept
    const type = pick(TYPES)
    if (type) headers['content-type'] = type
    const body = method === 'GET' || method === 'HEAD' ? undefined : 'b'.repeat(Math.floor(random() * 10))
    const res = await app.request(path, { method, headers, body })
    assert.ok(res.status < 500, `${method} ${path} (${JSON.stringify(headers)}) answered ${res.status}`)
    if (res.status >= 400 && method !== 'HEAD') {
      const parsed = await res.json() as { error?: unknown }
      assert.type(parsed.error, 'string', `${method} ${path}`)
    }
  }
})

test.run()
