import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { fileURLToPath } from 'node:url'
import { loadScenario } from '../src/load/scenario-load.ts'
import { validateScenario } from '../src/load/scenario-validate.ts'
import { Gauge, Rate } from '../src/load/metrics/custom-metrics.ts'
import { runAgainst } from './helpers/engine-run.ts'
import { echoServer, httpServer, type EchoServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'

const test = suite('load-parallel-scenarios', { deadline: 300 })

let echo: EchoServer
test.before(async () => {
  echo = await echoServer()
})
test.after(async () => {
  await echo.close()
})

test('named scenarios run in parallel, each with its executor, exec, startTime and tags; exact per-scenario counts', async () => {
  const started: Record<string, number> = {}
  const t0 = performance.now()
  const { summary } = await runAgainst(echo.url, {
    scenarios: {
      reads: { executor: 'per-vu-iterations', vus: 3, iterations: 5, exec: 'reads', tags: { kind: 'read' } },
      writes: { executor: 'shared-iterations', vus: 2, iterations: 7, exec: 'writes', startTime: '300ms' },
      inline: { executor: 'constant-vus', vus: 1, duration: '200ms', exec: async (http) => { await http.get('/inline') } },
    },
    thresholds: {
      'http_reqs{scenario:reads}': ['count==15'],
      'http_reqs{scenario:writes}': ['count==7'],
      'http_reqs{kind:read}': ['count==15'],
      'iterations{scenario:writes}': ['count==7'],
    },
  }, {
    exports: {
      async reads(http: never) {
        started.reads ??= performance.now() - t0
        await (http as { get(p: string): Promise<unknown> }).get('/r')
      },
      async writes(http: never) {
        started.writes ??= performance.now() - t0
        await (http as { post(p: string, b: string): Promise<unknown> }).post('/w', 'x')
      },
    },
  })
  assert.equal(summary.form, 'scenarios')
  // In the order they started.
  assert.equal(summary.phases.map((p) => [p.name, p.executor]), [['reads', 'iterations'], ['inline', 'duration'], ['writes', 'shared-iterations']])
  assert.equal(summary.phases.map((p) => p.requests).filter((_, i) => i !== 1), [15, 7])
  assert.ok(summary.phases[1]!.requests > 0)
  // startTime is on the run's clock: writes began no sooner than 300 ms in (give or take a timer's ms), after reads.
  // Only bounds that load cannot break: a loaded machine starts things later, never sooner.
  const startOf = (name: string) => summary.phases.find((p) => p.name === name)!.startMs
  const starts = JSON.stringify(summary.phases.map((p) => [p.name, p.startMs]))
  assert.ok(startOf('writes') >= 290, starts)
  assert.ok(startOf('reads') < startOf('writes'), starts)
  assert.ok(started.writes! > started.reads!, JSON.stringify(started))
  assert.equal(summary.thresholds.filter((t) => !t.ok), [])
})

test('custom Trend, Counter, Rate and Gauge are in the summary and in thresholds, tags included', async () => {
  const hits = new Rate('cache_hit')
  const depth = new Gauge('queue_depth')
  const { summary } = await runAgainst(echo.url, {
    threads: 2,
    iterations: 10,
    thresholds: {
      cache_hit: ['rate>0.4', 'rate<0.6'],
      'cache_hit{tier:gold}': ['rate==1'],
      queue_depth: ['max==19', 'min==0'],
    },
    async iteration(http, ctx) {
      await http.get('/')
      hits.add(ctx.iteration % 2 === 0, { tier: ctx.iteration % 2 === 0 ? 'gold' : 'tin' })
      depth.add(ctx.iteration + (ctx.vu - 1) * 10)
    },
  })
  assert.equal(summary.metrics.cache_hit!.values, { rate: 0.5, passes: 10, fails: 10 })
  assert.equal(summary.thresholds.map((t) => [t.metric, t.expression, t.ok]), [
    ['cache_hit', 'rate>0.4', true], ['cache_hit', 'rate<0.6', true], ['cache_hit{tier:gold}', 'rate==1', true],
    ['queue_depth', 'max==19', true], ['queue_depth', 'min==0', true],
  ])
})

test('thresholds on the status tag, a group and a request\'s own tags', async () => {
  const { summary } = await runAgainst(echo.url, {
    threads: 1,
    iterations: 4,
    thresholds: {
      'http_reqs{status:200}': ['count==12'],
      'http_reqs{group:::login}': ['count==4'],
      'http_reqs{group:::login::inner}': ['count==4'],
      'http_reqs{flavour:sweet}': ['count==4'],
      'checks{group:::login::inner}': ['rate==1'],
    },
    async iteration(http, ctx) {
      await ctx.group('login', async () => {
        await http.get('/in-login')
        await ctx.group('inner', async () => {
          const res = await http.get('/a', { tags: { flavour: 'sweet' } })
          ctx.check(res, { 'is 200': (r) => r.status === 200 })
        })
      })
      await http.get('/b')
    },
  })
  assert.equal(summary.thresholds.filter((t) => !t.ok), [])
})

test('the mixed scenario loads, and `exec` names are checked against the module\'s exports', async () => {
  const file = fileURLToPath(new URL('../scenarios/mixed.ts', import.meta.url))
  const { scenario, exports } = await loadScenario(file)
  assert.ok(typeof exports.browse === 'function')
  const problems = validateScenario({ ...scenario, scenarios: { x: { executor: 'constant-vus', vus: 1, duration: '1s', exec: 'nope' } } }, {}, exports)
  assert.ok(problems.some((p) => /scenarios\.x: exec "nope" is not a function the module exports \(it exports browse, write\)/.test(p)), problems.join('\n'))
  const k6 = validateScenario({ scenarios: { y: { executor: 'ramping-vus', stages: [{ duration: '1s', target: 2 }], rate: 3, exec: 'browse' } } }, { threads: 4 }, exports)
  assert.ok(k6.some((p) => /field "rate" does not belong in a ramping-threads scenario/.test(p)), k6.join('\n'))
  assert.ok(k6.some((p) => /--threads applies to the phases form/.test(p)), k6.join('\n'))
})

test('the mixed scenario runs from the command line: two scenarios, custom metrics, every threshold passes', async () => {
  // Against a target that answers every request 200: on the embedded handler a loaded machine
  // can run the first reads before the first write lands, and their 404s trip the abortOnFail
  // threshold (seen with both cores busy). What is tested here is the runner, not that race.
  const target = await httpServer()
  try {
    const { code, stdout, stderr } = await runRunner(['--scenario', 'scenarios/mixed.ts', '--target', target.url], { timeoutMs: 60_000 })
    assert.is(code, 0, stdout + stderr)
    assert.match(stdout, /^Scenarios$/m)
    assert.match(stdout, /browse +ramping-threads/)
    assert.match(stdout, /write +rate +\d+ +100 /)
    assert.match(stdout, /Custom metrics/)
    assert.match(stdout, /steps_written +counter +count=100/)
    assert.match(stdout, /Thresholds: all passed/)
  } finally {
    await target.close()
  }
})

test.run()
