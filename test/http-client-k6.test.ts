import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { runAgainst } from './helpers/engine-run.ts'
import { echoServer, httpServer, type EchoServer } from './helpers/load-servers.ts'

const test = suite('http-client-k6', { deadline: 120 })

let echo: EchoServer
test.before(async () => {
  echo = await echoServer()
})
test.after(async () => {
  await echo.close()
})

test('http.batch sends in parallel on extra connections: no request waits behind another of the batch', async () => {
  const slow = await httpServer((_req, res) => setTimeout(() => res.end('ok'), 200))
  try {
    let answers: number[] = []
    const { summary } = await runAgainst(slow.url, {
      async iteration(http) {
        const responses = await http.batch([['GET', '/a'], ['GET', '/b'], { method: 'POST', url: '/c', body: 'x' }])
        answers = responses.map((r) => r.status)
      },
    })
    assert.equal(answers, [200, 200, 200])
    // Three requests of 200 ms each: in parallel, none of them took 400 ms.
    assert.ok(summary.overall.latency.max < 380, `max ${summary.overall.latency.max} ms`)
  } finally {
    await slow.close()
  }
})

test('Promise.all on one connection: each request\'s latency counts from when it actually went out', async () => {
  const slow = await httpServer((_req, res) => setTimeout(() => res.end('ok'), 150))
  try {
    const { summary } = await runAgainst(slow.url, {
      async iteration(http) {
        await Promise.all([http.get('/1'), http.get('/2'), http.get('/3')])
      },
    })
    assert.is(summary.overall.requests, 3)
    assert.ok(summary.overall.latency.max < 290, `max ${summary.overall.latency.max} ms: the queueing is not latency`)
  } finally {
    await slow.close()
  }
})

test('head, options, res.url, and a #fragment that never reaches the wire', async () => {
  echo.reset()
  const urls: string[] = []
  await runAgainst(echo.url + '/base', {
    async iteration(http) {
      urls.push((await http.head('/h')).url)
      urls.push((await http.options('/o')).url)
      urls.push((await http.get('/page?x=1#section-2')).url)
    },
  })
  assert.equal(echo.seen.map((r) => [r.method, r.url]), [['HEAD', '/base/h'], ['OPTIONS', '/base/o'], ['GET', '/base/page?x=1']])
  assert.equal(urls, [`${echo.url}/base/h`, `${echo.url}/base/o`, `${echo.url}/base/page?x=1`])
})

test('ctx.sleep is think time: never part of a request\'s latency, not even in a rate phase', async () => {
  const { summary } = await runAgainst(echo.url, {
    phases: [{ name: 'Open', rate: 10, duration: '300ms', maxThreads: 5 }],
    async iteration(http, ctx) {
      await ctx.sleep('200ms')
      await http.get('/')
    },
  })
  assert.is(summary.overall.requests, 3)
  assert.ok(summary.overall.latency.max < 150, `max ${summary.overall.latency.max} ms excludes the 200 ms sleep`)
})

test('ctx.sleep lasts at least its duration by the clock iterations are timed with, even called late in a busy turn of the event loop', async () => {
  const slept: number[] = []
  await runAgainst(echo.url, {
    iterations: 3,
    async iteration(_http, ctx) {
      // 20 ms of work in this turn: the loop's cached time, which timers count from, is now 20 ms behind.
      const busyUntil = performance.now() + 20
      while (performance.now() < busyUntil) { /* busy */ }
      const started = performance.now()
      await ctx.sleep(30)
      slept.push(performance.now() - started)
    },
  })
  assert.is(slept.length, 3)
  for (const ms of slept) assert.ok(ms >= 30, `slept ${ms.toFixed(3)} ms of 30`)
})

test('unknown request options are named, not ignored: the iteration fails with the reason', async () => {
  const { iterationErrors, summary } = await runAgainst(echo.url, {
    iterations: 2,
    async iteration(http) {
      await http.get('/', { jar: {}, colour: 'red' } as never)
    },
  })
  assert.is(iterationErrors.count, 2)
  assert.match(iterationErrors.first!, /"jar": each thread has one jar.*unknown option "colour"/)
  assert.is(summary.overall.requests, 0)
})

test.run()
