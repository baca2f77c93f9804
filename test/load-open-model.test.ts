import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { RunControl } from '../src/load/run-control.ts'
import { runAgainst } from './helpers/engine-run.ts'
import { httpServer, type TestServer } from './helpers/load-servers.ts'

const test = suite('load-open-model', { deadline: 240 })

/** Answers at once, except that from `fromMs` after its start it holds every answer until `fromMs + forMs`. */
async function freezingServer(fromMs: number, forMs: number): Promise<TestServer> {
  const t0 = performance.now()
  return httpServer((_req, res) => {
    const now = performance.now() - t0
    if (now < fromMs || now >= fromMs + forMs) return void res.end('ok')
    setTimeout(() => res.end('ok'), fromMs + forMs - now)
  })
}

/** 500/s for 4 s against a server that freezes for 2 s from 1 s in. */
async function stalledRun(maxThreads: number) {
  const server = await freezingServer(1000, 2000)
  try {
    return await runAgainst(server.url, {
      phases: [{ name: 'Open', rate: 500, duration: '4s', maxThreads, preAllocatedThreads: Math.min(maxThreads, 50) }],
      async iteration(http) {
        await http.get('/', { responseType: 'none' })
      },
    }, { timeoutMs: 10_000 })
  } finally {
    await server.close()
  }
}

test('a 2 s stall tells the same story at 50 and 2,000 threads: latency from the scheduled start, drops counted and announced', async () => {
  const few = await stalledRun(50)
  const many = await stalledRun(2000)
  for (const [label, run] of [['50 threads', few], ['2000 threads', many]] as const) {
    const o = run.summary.overall
    // The stall shows in the tail whatever the thread count: nobody is told p99 is a few ms.
    assert.ok(o.latency.p99 >= 1000, `${label}: p99 ${o.latency.p99} ms`)
    assert.is(o.iterations + o.droppedIterations, 2000, `${label}: every scheduled arrival ran or was dropped`)
  }
  assert.is(many.summary.overall.droppedIterations, 0)
  assert.ok(few.summary.overall.droppedIterations > 0)
  assert.match(few.notices.join('\n'), /insufficient threads/)
  assert.ok(few.summary.overall.uncorrected!.p50 < few.summary.overall.latency.p99, 'the uncorrected latency is reported beside it')
})

test('a sliding window catches a 3 s stall that the whole-run p99 hides', async () => {
  const server = await freezingServer(2000, 3000)
  try {
    const { summary } = await runAgainst(server.url, {
      // Closed model, 1 thread, about 20 requests a second: the one request that waits through the
      // stall is about 1 in 200 of the run (below its p99) but 1 in 20 of a 2 s window.
      phases: [{ name: 'Steady', duration: '12s' }],
      thresholds: {
        http_req_duration: ['p(99)<500', { threshold: 'p(99)<500', window: '2s' }],
      },
      async iteration(http, ctx) {
        await http.get('/', { responseType: 'none' })
        await ctx.sleep(50)
      },
    }, { timeoutMs: 10_000 })
    const [whole, windowed] = summary.thresholds
    assert.ok(whole!.ok, `the whole run's p99 is ${whole!.actual} ms: it hides the stall`)
    assert.not.ok(windowed!.ok, 'the 2 s window that holds the stalled request breaches')
    assert.ok(windowed!.actual! >= 2500, `worst window p99 ${windowed!.actual} ms`)
    assert.ok(windowed!.breachedAtMs! >= 4000, `first breach ends at ${windowed!.breachedAtMs} ms`)
  } finally {
    await server.close()
  }
})

test('abortOnFail stops the run once its threshold fails (after delayAbortEval), and says which', async () => {
  const server = await httpServer((_req, res) => { res.statusCode = 500; res.end('no') })
  try {
    const { summary, abortedBy, control, wallMs } = await runAgainst(server.url, {
      phases: [{ name: 'Long', duration: '30s' }],
      thresholds: { http_req_failed: [{ threshold: 'rate<0.5', abortOnFail: true, delayAbortEval: '1s' }] },
      async iteration(http, ctx) {
        await http.get('/')
        await ctx.sleep(5)
      },
    })
    assert.is(control.stopReason, 'threshold')
    assert.is(abortedBy?.expression, 'rate<0.5')
    // Not a speed claim: a phase that ran to its end lasts its 30 s whatever the load.
    assert.ok(wallMs < 30_000, `stopped after ${wallMs} ms of a 30 s phase`)
    assert.equal(summary.thresholds.map((t) => [t.ok, t.aborted]), [[false, true]])
  } finally {
    await server.close()
  }
})

test('a rate of 1e9 neither freezes the runner nor Ctrl-C: the work per tick is capped, and said', async () => {
  const server = await httpServer()
  const control = new RunControl()
  try {
    const stopAfter = setTimeout(() => control.stop(), 1000)
    const run = await runAgainst(server.url, {
      phases: [{ name: 'Flood', rate: 1e9, duration: '10s', maxThreads: 3000, maxQueued: 10 }],
      async iteration(http) {
        await http.get('/', { responseType: 'none' })
      },
    }, { control })
    clearTimeout(stopAfter)
    assert.is(control.stopReason, 'interrupt')
    assert.ok(run.wallMs < 10_000, `the stop was heard after ${run.wallMs} ms, before the 10 s phase's end`)
    assert.ok(run.summary.overall.droppedIterations > 1e6, `${run.summary.overall.droppedIterations} dropped, counted in bulk`)
    assert.ok(run.notices.some((n) => /at most 2000 iterations per event-loop turn/.test(n)), run.notices.join('\n'))
  } finally {
    await server.close()
  }
})

test.run()
