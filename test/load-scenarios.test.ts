import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { startEmbeddedTarget, type EmbeddedTarget } from '../src/load/embedded-target.ts'
import { buildSummary } from '../src/report/summary.ts'
import smoke from '../scenarios/smoke.ts'
import steps from '../scenarios/steps.ts'
import { runAgainst } from './helpers/engine-run.ts'

const test = suite('load-scenarios', { deadline: 120 })

let target: EmbeddedTarget
test.before(async () => {
  target = await startEmbeddedTarget()
})
test.after(() => target.close())

test('steps.ts: five requests an iteration, all answered, grouped by route', async () => {
  const { summary } = await runAgainst(target.url, steps, { overrides: { threads: 4, iterations: 3 } })
  // 4 threads: 1 + 2 + 4 + 1 threads x 3 iterations x 5 requests
  assert.is(summary.overall.requests, 120)
  assert.is(summary.overall.successful, 120)
  assert.equal(summary.endpoints.map((e) => [e.name, e.method, e.requests]).sort(), [
    ['/:userId/:day/:interval/:steps', 'POST', 72],
    ['/current/:userId', 'GET', 24],
    ['/single/:userId/:day', 'GET', 24],
  ])
})

test('smoke.ts: every route once, every check passes, its thresholds hold', async () => {
  const run = await runAgainst(target.url, smoke)
  assert.is(run.summary.overall.requests, 12)
  assert.ok(run.summary.checks.length >= 10)
  assert.equal(run.summary.checks.filter((c) => c.fails > 0), [])
  assert.ok(run.summary.thresholds.length > 0)
  assert.ok(run.summary.thresholdsOk, JSON.stringify(run.summary.thresholds))
})

test.run()
