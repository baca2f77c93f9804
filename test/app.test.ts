import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { createApp } from '../handler/app.ts'
import { createMemoryStore } from '../src/store/memory.ts'
import type { StepStore } from '../src/store/step-store.ts'
import { HTTP_CASES } from './helpers/http-cases.ts'
import { checkAnswer } from './helpers/check-answer.ts'

const contract = suite('app: the HTTP contract in-process', { deadline: 60 })

contract('every case of the contract, in order, against one fresh app', async () => {
  const app = createApp({ store: createMemoryStore(), runtime: 'test' })
  for (const [i, c] of HTTP_CASES.entries()) {
    const res = await app.request(c.path, { method: c.method, headers: c.headers, body: c.body as BodyInit | undefined })
    checkAnswer(c, { status: res.status, headers: res.headers, body: await res.text() })
    assert.is(res.headers.get('x-cold-start'), i === 0 ? '1' : null, `${c.name}: X-Cold-Start only on the first response`)
  }
})

contract.run()

const app = suite('app: beyond the table', { deadline: 60 })

app('the course client\'s requests get the original answers', async () => {
  const server = createApp({ store: createMemoryStore(), runtime: 'test' })
  assert.is(await (await server.request('/12/1/7/3000', { method: 'POST' })).status, 200)
  assert.is(await (await server.request('/current/12')).text(), '3000')
  assert.is(await (await server.request('/single/12/1')).text(), '3000')
  assert.is(await (await server.request('/myresource', { method: 'POST', body: '123' })).text(), '3')
})

app('health names the runtime and the store', async () => {
  const res = await createApp({ store: createMemoryStore(), runtime: 'deno' }).request('/health')
  assert.equal(await res.json(), { status: 'ok', runtime: 'deno', store: 'memory' })
})

app('HEAD answers like GET without a body', async () => {
  const res = await createApp({ store: createMemoryStore(), runtime: 'test' }).request('/myresource', { method: 'HEAD' })
  assert.is(res.status, 200)
  assert.is(await res.text(), '')
})

app('a streamed body over 64 KiB without Content-Length is refused with 413', async () => {
  const chunk = new TextEncoder().encode('y'.repeat(16 * 1024))
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < 5) controller.enqueue(chunk)
      else controller.close()
    },
  })
  const res = await createApp({ store: createMemoryStore(), runtime: 'test' }).request('/myresource', {
    method: 'POST', body, headers: { 'content-type': 'text/plain' }, duplex: 'half',
  } as RequestInit)
  assert.is(res.status, 413)
  assert.is((await res.json()).field, 'body')
})

app('exactly 64 KiB is accepted', async () => {
  const res = await createApp({ store: createMemoryStore(), runtime: 'test' }).request('/myresource', {
    method: 'POST', body: 'z'.repeat(64 * 1024),
  })
  assert.is(await res.text(), String(64 * 1024))
})

app('a failing store gives a generic 500, logged with its cause, no stack in the answer', async () => {
  const logged: unknown[] = []
  const broken: StepStore = {
    ...createMemoryStore(),
    name: 'broken',
    async current() { throw new Error('disk on fire') },
  }
  const res = await createApp({ store: broken, runtime: 'test', logError: (_m, cause) => logged.push(cause) }).request('/current/1')
  assert.is(res.status, 500)
  const body = await res.text()
  assert.equal(JSON.parse(body), { error: 'internal error' })
  assert.not.match(body, /disk on fire/)
  assert.is((logged[0] as Error).message, 'disk on fire')
  assert.ok(res.headers.get('server-timing'))
})

app('the cold-start mark belongs to each app instance', async () => {
  const first = createApp({ store: createMemoryStore(), runtime: 'test' })
  const second = createApp({ store: createMemoryStore(), runtime: 'test' })
  assert.is((await first.request('/myresource')).headers.get('x-cold-start'), '1')
  assert.is((await first.request('/myresource')).headers.get('x-cold-start'), null)
  assert.is((await second.request('/myresource')).headers.get('x-cold-start'), '1')
})

app.run()
