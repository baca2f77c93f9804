import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { RunControl } from '../src/load/run-control.ts'
import { RunFailure } from '../src/load/run-errors.ts'
import type { Scenario } from '../src/load/scenario.ts'
import { runAgainst } from './helpers/engine-run.ts'
import { httpServer, slowServer, type TestServer } from './helpers/load-servers.ts'

const test = suite('load-executors', { deadline: 240 })

let fast: TestServer
test.before(async () => {
  fast = await httpServer()
})
test.after(async () => {
  await fast.close()
})

test('by default a phase starts only when every thread of the previous one is done', async () => {
  const events: string[] = []
  await runAgainst(fast.url, {
    threads: 4,
    iterations: 3,
    phases: [{ name: 'A', threads: 1 }, { name: 'B', threads: 0.5 }],
    async iteration(http, ctx) {
      events.push(`${ctx.phase} start`)
      await http.get('/')
      events.push(`${ctx.phase} end`)
    },
  })
  const lastA = events.lastIndexOf('A end')
  const firstB = events.indexOf('B start')
  assert.ok(lastA < firstB, events.join(', '))
  assert.is(events.filter((e) => e === 'B end').length, 2 * 3)
})

test('startNext 0.5 starts the next phase while the slow half of the threads still runs', async () => {
  let releaseSlowThread!: () => void
  const nextPhaseStarted = new Promise<void>((resolve) => (releaseSlowThread = resolve))
  const seen: string[] = []
  const { summary } = await runAgainst(fast.url, {
    threads: 2,
    iterations: 1,
    phases: [{ name: 'First', startNext: 0.5 }, { name: 'Second', threads: 0.5 }],
    async iteration(http, ctx) {
      await http.get('/')
      if (ctx.phase === 'Second') releaseSlowThread()
      if (ctx.phase === 'First' && ctx.vu === 2) {
        // Without overlap this thread would wait for a phase that never starts: give up after 3 s.
        const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('no overlap'), 3000).unref())
        seen.push(await Promise.race([nextPhaseStarted.then(() => 'overlapped'), timeout]))
      }
    },
  })
  assert.equal(seen, ['overlapped'])
  assert.equal(summary.phases.map((p) => [p.name, p.threads, p.requests]), [['First', 2, 2], ['Second', 1, 1]])
})

test('a duration phase keeps its threads iterating until the time is up, then stops them', async () => {
  const startedAt: number[] = []
  const t0 = performance.now()
  const { summary } = await runAgainst(fast.url, {
    threads: 3,
    phases: [{ name: 'Timed', duration: '400ms' }],
    async iteration(http) {
      startedAt.push(performance.now() - t0)
      await http.get('/')
    },
  })
  assert.is(summary.phases[0]!.threads, 3)
  assert.ok(summary.overall.requests >= 3 * 5, `only ${summary.overall.requests} requests`)
  // On the phase's own clock, which a loaded machine stretches alike: no iteration began after the phase was over.
  const span = Math.max(...startedAt) - Math.min(...startedAt)
  assert.ok(span < summary.phases[0]!.durationMs, `iterations began over ${span} ms of a ${summary.phases[0]!.durationMs} ms phase`)
  assert.ok(summary.phases[0]!.durationMs >= 400)
})

test('a rate phase starts rate x duration iterations against a fast server (within 10%)', async () => {
  const { summary } = await runAgainst(fast.url, {
    threads: 20,
    phases: [{ name: 'Open', rate: 200, duration: '1s' }],
    async iteration(http) {
      await http.get('/')
    },
  })
  const phase = summary.phases[0]!
  assert.ok(Math.abs(phase.iterations - 200) <= 20, `${phase.iterations} iterations started`)
  assert.is(phase.iterations + phase.droppedIterations, 200)
  assert.is(summary.overall.requests, phase.iterations)
})

test('a rate phase with maxQueued 0 (k6\'s rule) adds threads up to maxThreads and drops what finds none', async () => {
  const slow = await slowServer(300)
  try {
    const { summary, notices } = await runAgainst(slow.url, {
      phases: [{ name: 'Open', rate: 40, duration: '1s', maxThreads: 2, maxQueued: 0 }],
      async iteration(http) {
        await http.get('/')
      },
    })
    const phase = summary.phases[0]!
    assert.is(phase.threads, 2)
    assert.ok(phase.droppedIterations >= 20, `${phase.droppedIterations} dropped`)
    assert.is(phase.iterations + phase.droppedIterations, 40)
    assert.is(summary.overall.requests, phase.iterations)
    assert.match(notices.join('\n'), /Open: insufficient threads: all 2 are busy .* raise maxThreads/)
  } finally {
    await slow.close()
  }
})

test('by default arrivals beyond the threads wait in the queue and their latency counts from the scheduled start', async () => {
  const slow = await slowServer(100)
  try {
    const { summary } = await runAgainst(slow.url, {
      phases: [{ name: 'Open', rate: 40, duration: '500ms', maxThreads: 2 }],
      async iteration(http) {
        await http.get('/')
      },
    })
    const phase = summary.phases[0]!
    // 20 arrivals, 2 threads of 100 ms: the last one waits about 400 ms for a thread.
    assert.equal([phase.iterations, phase.droppedIterations], [20, 0])
    assert.ok(summary.overall.latency.max >= 450, `max ${summary.overall.latency.max} ms counts the wait`)
    assert.ok(summary.overall.uncorrected!.max < 400, `uncorrected max ${summary.overall.uncorrected!.max} ms is the server's own`)
  } finally {
    await slow.close()
  }
})

test('in a rate phase latency counts from the scheduled start, not from when a stalled loop let it start', async () => {
  const { summary } = await runAgainst(fast.url, {
    phases: [{ name: 'Open', rate: 20, duration: '300ms', maxThreads: 4 }],
    async iteration(http, ctx) {
      await http.get('/')
      // After its request, the first iteration blocks the event loop for 200 ms: the iterations
      // due at 50, 100, 150 ms start late, and that wait is part of their requests' latency.
      if (ctx.vu === 1 && ctx.iteration === 0) {
        const until = performance.now() + 200
        while (performance.now() < until) {}
      }
    },
  })
  assert.is(summary.overall.requests, 6)
  assert.ok(summary.overall.latency.max >= 100, `max latency ${summary.overall.latency.max} ms hides the stall`)
})

test('an exception in an iteration is counted and the thread goes on', async () => {
  const { summary, iterationErrors } = await runAgainst(fast.url, {
    threads: 2,
    iterations: 5,
    async iteration(http, ctx) {
      await http.get('/')
      if (ctx.iteration % 2 === 0) throw new TypeError(`bad iteration ${ctx.iteration}`)
    },
  })
  assert.is(summary.overall.requests, 10)
  assert.is(summary.overall.iterations, 10)
  assert.is(iterationErrors.count, 6)
  assert.is(summary.overall.iterationErrors, 6, 'the summary (and --out JSON) counts them too')
  assert.match(iterationErrors.first!, /^TypeError: bad iteration 0/)
})

test('setup data reaches every iteration and teardown; their requests are not measured', async () => {
  const seen: unknown[] = []
  let tornDown: unknown
  const scenario: Scenario<{ token: string }> = {
    threads: 2,
    iterations: 2,
    async setup(http) {
      await http.get('/setup')
      return { token: 'abc' }
    },
    async iteration(http, ctx) {
      seen.push(ctx.data.token)
      await http.get('/')
    },
    async teardown(data, http) {
      await http.get('/teardown')
      tornDown = data
    },
  }
  const { summary } = await runAgainst(fast.url, scenario)
  assert.equal(seen, ['abc', 'abc', 'abc', 'abc'])
  assert.equal(tornDown, { token: 'abc' })
  assert.is(summary.overall.requests, 4)
  assert.equal(summary.endpoints.map((e) => e.name), ['/'])
})

test('ctx: unique thread ids, iteration numbers per phase, checks counted, seeded random repeatable', async () => {
  const calls: string[] = []
  const draws: number[][] = [[], []]
  const scenario = (run: number): Scenario => ({
    threads: 2,
    iterations: 2,
    phases: [{ name: 'P1' }, { name: 'P2' }],
    async iteration(http, ctx) {
      calls.push(`${ctx.phase}:${ctx.vu}:${ctx.iteration}`)
      draws[run]!.push(ctx.random())
      ctx.check(await http.get('/'), { 'is 200': (r) => r.status === 200, 'is 404': (r) => r.status === 404 })
    },
  })
  const { summary } = await runAgainst(fast.url, scenario(0))
  await runAgainst(fast.url, scenario(1))
  assert.equal(calls.slice(0, 8).sort(), ['P1:1:0', 'P1:1:1', 'P1:2:0', 'P1:2:1', 'P2:3:0', 'P2:3:1', 'P2:4:0', 'P2:4:1'])
  assert.equal(summary.checks.map((c) => [c.name, c.passes, c.fails]), [['is 200', 8, 0], ['is 404', 0, 8]])
  assert.equal(draws[0]!.slice().sort(), draws[1]!.slice().sort())
  assert.is(new Set(draws[0]).size, 8)
})

test('a setup() that throws means the run cannot be done (RunFailure, exit code 1)', async () => {
  try {
    await runAgainst(fast.url, {
      setup() {
        throw new Error('no token')
      },
      iteration() {},
    })
    assert.unreachable('the run should fail')
  } catch (error) {
    assert.instance(error, RunFailure)
    assert.is((error as RunFailure).exitCode, 1)
    assert.match((error as Error).message, /setup\(\) failed: Error: no token/)
  }
})

test('stopping a run ends every phase soon, even one planned for a minute, and skips the phases left', async () => {
  const control = new RunControl()
  let phasesStarted = 0
  setTimeout(() => control.stop(), 200)
  const scenario: Scenario = {
    threads: 3,
    phases: [{ name: 'Long', duration: '60s' }, { name: 'Never' }],
    async iteration(http) {
      await http.get('/')
    },
  }
  const result = await runAgainst(fast.url, scenario, { control, events: { phaseStarted: () => phasesStarted++ } })
  assert.ok(result.wallMs < 60_000, `${result.wallMs} ms: stopped before the minute planned`)
  assert.is(phasesStarted, 1)
  assert.ok(result.metrics.overall.requests > 0)
})

test.run()
