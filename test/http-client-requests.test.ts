import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import type { HttpResponse } from '../src/load/scenario.ts'
import { runAgainst } from './helpers/engine-run.ts'
import { echoServer, type EchoServer, type SeenRequest } from './helpers/load-servers.ts'

const test = suite('http-client-requests', { deadline: 120 })

let echo: EchoServer
let seen: SeenRequest[]

test.before(async () => {
  echo = await echoServer()
  seen = echo.seen
})
test.before.each(() => echo.reset())
test.after(() => echo.close())

test('bodies: strings as text, bytes as binary, other values as JSON, with their content types', async () => {
  await runAgainst(echo.url, {
    async iteration(http) {
      await http.post('/text', 'héllo')
      await http.put('/bytes', new Uint8Array([1, 2, 3]))
      await http.patch('/json', { a: 1 })
      await http.del('/nothing')
      await http.request('options', '/opt')
    },
  })
  assert.equal(seen.map((s) => [s.method, s.url, s.headers['content-type'], s.body.length]), [
    ['POST', '/text', 'text/plain;charset=UTF-8', 5],
    ['PUT', '/bytes', 'application/octet-stream', 3],
    ['PATCH', '/json', 'application/json', 7],
    ['DELETE', '/nothing', undefined, 0],
    ['OPTIONS', '/opt', undefined, 0],
  ])
})

test('headers: scenario headers on every request, a request\'s own headers win', async () => {
  await runAgainst(echo.url, {
    headers: { 'X-Run': 'r1', Accept: 'text/plain' },
    async iteration(http) {
      await http.get('/a')
      await http.post('/b', 'x', { headers: { accept: 'application/json', 'content-type': 'text/csv' } })
    },
  })
  assert.equal(seen.map((s) => [s.headers['x-run'], s.headers.accept, s.headers['content-type']]), [
    ['r1', 'text/plain', undefined],
    ['r1', 'application/json', 'text/csv'],
  ])
})

test('responses: status, ok, body, lower-case headers, json(), timings, server time', async () => {
  let res!: HttpResponse
  await runAgainst(echo.url, {
    async iteration(http) {
      res = await http.post('/echo?x=1', 'hi')
    },
  })
  assert.is(res.status, 200)
  assert.ok(res.ok)
  assert.equal(res.json(), { method: 'POST', url: '/echo?x=1', body: 'hi' })
  assert.is(res.headers['x-echo'], 'yes')
  assert.is(res.headers['content-type'], 'application/json')
  const t = res.timings
  assert.ok(t.connect !== undefined && t.connect >= 0, 'the first request opened the connection')
  // The parts add up to the latency (each rounded to the µs): connect, then waiting for the headers, then the body.
  assert.ok(t.waiting > 0, 'the answer came after the request was sent')
  assert.ok(t.receiving >= 0)
  assert.ok(Math.abs(t.connect! + t.waiting + t.receiving - t.duration) < 0.005, JSON.stringify(t))
  assert.is(t.server, 1.25)
})

test('responseType none discards the body; binary keeps bytes', async () => {
  const bodies: unknown[] = []
  await runAgainst(echo.url, {
    async iteration(http) {
      const none = await http.get('/n', { responseType: 'none' })
      const binary = await http.get('/b', { responseType: 'binary' })
      bodies.push(none.body, none.bytes, binary.bytes instanceof Uint8Array && binary.bytes.length > 0)
    },
  })
  assert.equal(bodies, ['', undefined, true])
})

test('each thread keeps one keep-alive connection for all its requests', async () => {
  const { summary } = await runAgainst(echo.url, {
    threads: 3,
    iterations: 5,
    async iteration(http) {
      await http.get('/k')
      await http.get('/k')
    },
  })
  assert.is(summary.overall.requests, 30)
  assert.is(echo.connections.size, 3)
})

test('metrics: endpoints by name (else path without query), server time and cold starts', async () => {
  const { summary } = await runAgainst(echo.url, {
    iterations: 3,
    async iteration(http, ctx) {
      await http.get(`/current/${ctx.iteration}`, { name: '/current/:id' })
      await http.get(`/plain?page=${ctx.iteration}`)
    },
  })
  assert.equal(summary.endpoints.map((e) => [e.name, e.method, e.requests]), [['/current/:id', 'GET', 3], ['/plain', 'GET', 3]])
  assert.is(summary.overall.coldStarts, 1)
  assert.is(summary.overall.serverTime?.p50, 1.25)
})

test('a target with a path puts it in front of every request path', async () => {
  await runAgainst(`${echo.url}/prod/`, {
    async iteration(http) {
      await http.get('/myresource')
      await http.get('current/7')
    },
  })
  assert.equal(seen.map((s) => s.url), ['/prod/myresource', '/prod/current/7'])
})

test('absolute URLs: the target origin reuses the connection, another origin gets its own', async () => {
  const other = await echoServer()
  try {
    await runAgainst(echo.url, {
      async iteration(http) {
        await http.get(`${echo.url}/same?q=1`)
        await http.get(`${other.url}/elsewhere`)
        await http.get('/relative')
      },
    })
    assert.equal(seen.map((s) => s.url), ['/same?q=1', '/relative'])
    assert.equal(other.seen.map((s) => s.url), ['/elsewhere'])
    assert.is(echo.connections.size, 1)
  } finally {
    await other.close()
  }
})

test.run()
