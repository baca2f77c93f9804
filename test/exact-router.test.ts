import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { ExactPathRouter } from '../handler/lib/exact-router.ts'
import { createApp } from '../handler/app.ts'
import { createMemoryStore } from '../src/store/memory.ts'

const test = suite('exact-router', { deadline: 30 })

const handlers = (found: ReturnType<ExactPathRouter<string>['match']>) => found[0].map(([h]) => h)

test('a trailing / matches no route, as sent', () => {
  const router = new ExactPathRouter<string>()
  router.add('GET', '/myresource', 'static')
  router.add('POST', '/:a/:b', 'steps')
  assert.equal(handlers(router.match('GET', '/myresource/')), [])
  assert.equal(handlers(router.match('POST', '/1/2/')), [])
  assert.equal(handlers(router.match('POST', '/1/2')), ['steps'])
})

test('a static route answers the same from the cache, per method, and a route added later is found', () => {
  const router = new ExactPathRouter<string>()
  router.add('GET', '/myresource', 'get')
  router.add('POST', '/myresource', 'post')
  for (let i = 0; i < 3; i++) {
    assert.equal(handlers(router.match('GET', '/myresource')), ['get'])
    assert.equal(handlers(router.match('POST', '/myresource')), ['post'])
    assert.equal(handlers(router.match('PUT', '/myresource')), [])
  }
  router.add('ALL', '/myresource', 'all')
  assert.equal(handlers(router.match('GET', '/myresource')), ['get', 'all'], 'the cache was cleared by add')
  assert.equal(handlers(router.match('PUT', '/myresource')), ['all'])
})

test('parameters are not cached: each path gets its own', () => {
  const router = new ExactPathRouter<string>()
  router.add('GET', '/current/:userId', 'current')
  assert.is(router.match('GET', '/current/5')[0][0]![1].userId, '5')
  assert.is(router.match('GET', '/current/6')[0][0]![1].userId, '6')
})

test('the app answers its static routes the same on every request (GET, HEAD, POST, other methods)', async () => {
  const app = createApp({ store: createMemoryStore(), runtime: 'test', logError: () => {} })
  for (let i = 0; i < 3; i++) {
    const get = await app.request('http://x/myresource')
    assert.is(get.status, 200)
    assert.is(await get.text(), 'Got it!')
    const head = await app.request('http://x/myresource', { method: 'HEAD' })
    assert.is(head.status, 200)
    assert.is(await head.text(), '')
    const put = await app.request('http://x/myresource', { method: 'PUT' })
    assert.is(put.status, 405)
    assert.is(put.headers.get('allow'), 'GET, HEAD, POST')
    assert.is((await app.request('http://x/health')).status, 200)
  }
})

test.run()
