import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { PatternRouter } from 'hono/router/pattern-router'
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

/** The app's route shapes and a few more, against many paths: the cache must not change PatternRouter's answers. */
const SHAPES: [string, string][] = [
  ['GET', '/'], ['GET', '/myresource'], ['POST', '/myresource'], ['GET', '/health'], ['GET', '/current/:userId'],
  ['GET', '/single/:userId/:day'], ['GET', '/range/:userId/:startDay/:numDays'], ['POST', '/:userId/:day/:interval/:steps'],
  ['ALL', '/any/:x'], ['GET', '/a.b/:c_d'], ['GET', '/files/*'],
]
const PATHS = [
  '/', '/myresource', '/myresource/x', '/health', '/current/5', '/current', '/current//5', '/current/5/6', '/single/1/2',
  '/single/1', '/range/1/2/3', '/range/1//3', '/1/2/3/4', '/1/2/3', '/1/2/3/4/5', '//2/3/4', '/any/q', '/a.b/x', '/aXb/x',
  '/MYRESOURCE', '/myresourcX', '/current/%39', '/files/a/b', '/x/y/z/w',
]

test('the router answers as PatternRouter on every method and path (trailing-slash paths aside), twice over', () => {
  const ours = new ExactPathRouter<string>()
  const theirs = new PatternRouter<string>()
  for (const [method, path] of SHAPES) {
    ours.add(method, path, `${method} ${path}`)
    theirs.add(method, path, `${method} ${path}`)
  }
  for (let pass = 0; pass < 2; pass++) {
    for (const method of ['GET', 'POST', 'PUT']) {
      for (const path of PATHS) {
        const a = ours.match(method, path)[0].map(([h, p]) => [h, { ...p }])
        const b = theirs.match(method, path)[0].map(([h, p]) => [h, { ...p }])
        assert.equal(a, b, `${method} ${path}`)
      }
    }
  }
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
