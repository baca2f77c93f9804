import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { startEmbeddedTarget } from '../src/load/embedded-target.ts'
import peak from '../scenarios/peak.ts'
import { runAgainst } from './helpers/engine-run.ts'
import { existsSync } from 'node:fs'

const test = suite('load-request-counts', { deadline: 120 })

test('peak with 20 threads x 100 iterations sends exactly 7,400 requests to the embedded handler, all successful', async () => {
  const target = await startEmbeddedTarget()
  try {
    const { summary } = await runAgainst(target.url, peak, { overrides: { threads: 20, iterations: 100 } })
    assert.is(summary.overall.requests, 7400)
    assert.is(summary.overall.successful, 7400)
    assert.equal(summary.phases.map((p) => [p.name, p.threads, p.requests]), [
      ['Warmup', 2, 400], ['Loading', 10, 2000], ['Peak', 20, 4000], ['Cooldown', 5, 1000],
    ])
    assert.is(summary.overall.iterations, 3700)
  } finally {
    await target.close()
  }
})

test('peak with 100 threads sends exactly 37,000 requests', async () => {
  const target = await startEmbeddedTarget()
  try {
    const { summary } = await runAgainst(target.url, peak, { overrides: { threads: 100, iterations: 100 } })
    assert.is(summary.overall.requests, 37_000)
    assert.is(summary.overall.successful, 37_000)
    assert.equal(summary.phases.map((p) => p.threads), [10, 50, 100, 25])
  } finally {
    await target.close()
  }
})

test('the embedded target names its store and removes its temporary folder on close', async () => {
  const target = await startEmbeddedTarget()
  const file = /sqlite \(better-sqlite3\) (\S+steps\.db)/.exec(target.description)?.[1]
  assert.ok(file && existsSync(file), target.description)
  assert.match(target.description, /^embedded handler \(node, /)
  await target.close()
  assert.not.ok(existsSync(file!))
})

test.run()
