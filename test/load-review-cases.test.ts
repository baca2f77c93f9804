import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { validateScenario } from '../src/load/scenario-validate.ts'
import { runAgainst } from './helpers/engine-run.ts'
import { httpServer, slowServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'

const test = suite('load-review-cases', { deadline: 300 })

const iteration = async () => {}

test('dropped iterations carry their phase and scenario tags, for thresholds that name them', async () => {
  const slow = await slowServer(200)
  try {
    const { summary } = await runAgainst(slow.url, {
      phases: [{ name: 'R', rate: 40, duration: '500ms', maxThreads: 1, maxQueued: 0 }],
      thresholds: { 'dropped_iterations{phase:R}': ['count>0'], 'dropped_iterations{scenario:default}': ['count>0'] },
      async iteration(http) {
        await http.get('/')
      },
    })
    assert.ok(summary.overall.droppedIterations > 0)
    assert.equal(summary.thresholds.map((t) => [t.actual, t.ok]), [[summary.overall.droppedIterations, true], [summary.overall.droppedIterations, true]])
    // The share is of what the open-model phase scheduled.
    assert.is(summary.overall.droppedShare, summary.overall.droppedIterations / 20)
  } finally {
    await slow.close()
  }
})

test('an arrival-rate phase ends gracefulStop after its duration: waiting arrivals dropped, running ones cut and not counted as failed', async () => {
  const slow = await slowServer(1000)
  try {
    const { summary, wallMs } = await runAgainst(slow.url, {
      phases: [{ name: 'R', rate: 50, duration: '500ms', maxThreads: 2, gracefulStop: '300ms' }],
      async iteration(http) {
        await http.get('/')
      },
    })
    const phase = summary.phases[0]!
    // Not a speed claim: draining the queue takes about 13 s whatever the load.
    assert.ok(wallMs < 10_000, `ended after ${wallMs} ms, not when the queue drained (about 13 s)`)
    // Every arrival scheduled is complete, interrupted (cut by gracefulStop, apart as k6 counts it) or dropped.
    assert.is(phase.iterations + (phase.interruptedIterations ?? 0) + phase.droppedIterations, 25)
    assert.is(phase.interruptedIterations, 2, 'the two running when gracefulStop ended')
    assert.ok(phase.droppedIterations >= 20, `${phase.droppedIterations} dropped`)
    assert.is(summary.overall.failed, 0, 'the two cut requests are not failures of the server')
  } finally {
    await slow.close()
  }
})

test('a thread cut by gracefulRampDown does not count its request as failed', async () => {
  const slow = await httpServer((_req, res) => setTimeout(() => res.end('ok'), 600))
  try {
    const { summary } = await runAgainst(slow.url, {
      phases: [{ name: 'Ramp', kind: 'ramping-threads', startThreads: 2, stages: [{ duration: '100ms', target: 0 }, { duration: '1s', target: 0 }], gracefulRampDown: '200ms' }],
      thresholds: { http_req_failed: ['rate<0.01'] },
      async iteration(http) {
        await http.get('/')
      },
    })
    assert.equal([summary.overall.requests, summary.thresholds[0]!.actual], [0, null])
  } finally {
    await slow.close()
  }
})

test('a 1 s window of http_reqs rate is judged on whole seconds only: a steady run passes', async () => {
  const server = await httpServer()
  try {
    const { summary } = await runAgainst(server.url, {
      phases: [{ name: 'Steady', duration: '2500ms' }],
      thresholds: { http_reqs: [{ threshold: 'rate>20', window: '1s' }] },
      async iteration(http, ctx) {
        await http.get('/')
        await ctx.sleep(10)
      },
    })
    assert.ok(summary.thresholds[0]!.ok, JSON.stringify(summary.thresholds[0]))
  } finally {
    await server.close()
  }
})

test('thread counts an executor would ignore, absurd rates and queues are refused with the reason', () => {
  const problems = validateScenario({
    scenarios: {
      a: { executor: 'constant-arrival-rate', vus: 3, rate: 10, duration: '1s' },
      b: { executor: 'ramping-vus', vus: 5, stages: [{ duration: '1s', target: 2 }] },
      c: { executor: 'constant-arrival-rate', rate: 1e16, duration: '1s', maxQueued: 1e10 },
      d: { executor: 'constant-vus', vus: 1.5, duration: '1s' },
    },
    thresholds: { http_reqs: [{ threshold: 'count>1', abortOnFail: 'true' }] },
    iteration,
  })
  for (const pattern of [
    /scenarios\.a: vus: an arrival-rate scenario sizes its threads with maxVUs and preAllocatedVUs/,
    /scenarios\.b: vus: the thread count follows the stages/,
    /scenarios\.c: rate x duration is 1\.0e\+16 iterations; at most 1e\+12 a phase/,
    /scenarios\.c: maxQueued must be at most 1000000/,
    /scenarios\.d: vus must be a whole number >= 1, got 1\.5/,
    /abortOnFail must be true or false, got "true"/,
  ]) assert.ok(problems.some((p) => pattern.test(p)), `${pattern} in:\n${problems.join('\n')}`)
})

test('one thread over two workers: the arrivals go to the worker that has it, the totals add up as in one process', async () => {
  const slow = await slowServer(250)
  try {
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'edgeload-split-'))
    const file = join(dir, 'split.mjs')
    writeFileSync(file, "export default { phases: [{ name: 'R', rate: 10, duration: '1s', maxThreads: 1, maxQueued: 0 }], async iteration(http) { await http.get('/') } }\n")
    try {
      const counts = []
      for (const workers of ['1', '2']) {
        const out = join(dir, `w${workers}.json`)
        const { code } = await runRunner(['--scenario', file, '--target', slow.url, '--workers', workers, '--out', out, '--quiet'])
        assert.is(code, 0)
        const summary = JSON.parse((await import('node:fs')).readFileSync(out, 'utf8'))
        counts.push([summary.phases[0].threads, summary.overall.iterations + summary.overall.droppedIterations])
      }
      assert.equal(counts, [[1, 10], [1, 10]])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  } finally {
    await slow.close()
  }
})

test('closed executors take k6\'s gracefulStop (and maxDuration for per-thread iterations): a late iteration is cut, not waited for', async () => {
  const slow = await slowServer(5000)
  try {
    const t0 = performance.now()
    const { summary } = await runAgainst(slow.url, {
      scenarios: {
        timed: { executor: 'constant-vus', vus: 1, duration: '200ms', gracefulStop: '300ms' },
        counted: { executor: 'per-vu-iterations', vus: 1, iterations: 5, maxDuration: '200ms', gracefulStop: '300ms' },
      },
      async iteration(http) {
        await http.get('/')
      },
    })
    const took = performance.now() - t0
    // Not a speed claim: waiting for the answer takes its 5 s whatever the load.
    assert.ok(took < 5000, `ended after ${took} ms, not after the 5 s answer`)
    assert.is(summary.overall.requests, 0, 'the cut requests are not counted')
  } finally {
    await slow.close()
  }
})

test.run()
