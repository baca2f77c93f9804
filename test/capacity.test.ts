// `node runner capacity` as a user runs it, against servers whose limits are known: one that serves
// at most 500 requests a second whatever the machine's load (fixed-rate-server.ts), and a trivial
// one behind a generator whose own scenario work saturates it first.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Summary } from '../src/report/summary-types.ts'
import { startFixedRateServer } from './helpers/fixed-rate-server.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const SERVICE_MS = 2
const SERVER_RATE = 1000 / SERVICE_MS

test(`finds the knee of a server that sustains ${SERVER_RATE}/s within ±15%, bracketed by the rates that held and failed`, async () => {
  const server = await startFixedRateServer(SERVICE_MS)
  const dir = tempDir()
  try {
    const out = dir.file('capacity.json')
    const { code, stdout, stderr } = await runRunner([
      'capacity', '--scenario', 'test/fixtures/capacity/get.ts', '--target', server.url, '--slo', 'p(99)<200ms,error_rate<1%',
      '--start-rate', '300', '--out', out, '--no-save',
    ], { timeoutMs: 240_000 })
    assert.is(code, 0, stdout + stderr)
    const summary = JSON.parse(readFileSync(out, 'utf8')) as Summary
    const capacity = summary.capacity!
    assert.is(capacity.verdict, 'knee', capacity.message)
    const knee = capacity.capacity!
    assert.ok(Math.abs(knee / SERVER_RATE - 1) <= 0.15, `knee ${knee}/s, the server sustains ${SERVER_RATE}/s`)
    // How sure: the rate that held and the first that failed, with their figures.
    assert.is(capacity.held!.rate, knee)
    assert.ok(capacity.failed!.rate > knee)
    assert.ok(capacity.uncertainty! <= 0.1 + 1e-9)
    assert.ok(capacity.held!.objectives.every((o) => o.ok))
    assert.ok(capacity.failed!.objectives.some((o) => !o.ok))
    assert.not.ok(capacity.failed!.generatorSaturated, 'the target saturated, not the generator')
    // Each step at least compare's 10 whole seconds, and each a phase of the summary.
    for (const step of capacity.steps) {
      assert.ok(step.seconds >= 10, `${step.phase}: ${step.seconds} s`)
      assert.ok(summary.phases.some((p) => p.name === step.phase))
    }
    // The server never answered faster than it can: an overloaded step is answered at about its rate.
    const overloaded = capacity.steps.filter((s) => s.rate > SERVER_RATE * 1.1)
    for (const step of overloaded) assert.ok(step.throughput <= SERVER_RATE * 1.05, `${step.phase}: ${step.throughput}/s answered`)
    assert.ok(server.served() >= summary.overall.successful)
    assert.match(stdout, /Capacity: capacity \d+ iterations\/s/)
    assert.match(stdout, /last rate that held: +\d+\/s offered/)
    assert.match(stdout, /first rate that failed: \d+\/s offered/)
  } finally {
    dir.remove()
    await server.close()
  }
})

test('against a target faster than the generator it says the generator saturated and reports no capacity (exit 1)', async () => {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.end('ok'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const dir = tempDir()
  try {
    const out = dir.file('capacity.json')
    // Each arrival keeps the generator's loop busy 5 ms: it cannot start more than about 200/s.
    const { code, stdout, stderr } = await runRunner([
      'capacity', '--scenario', 'test/fixtures/capacity/heavy-generator.ts', '--target', url, '--env', 'BUSY_MS=5',
      '--start-rate', '400', '--out', out, '--no-save',
    ], { timeoutMs: 120_000 })
    assert.is(code, 1, stdout + stderr)
    const capacity = (JSON.parse(readFileSync(out, 'utf8')) as Summary).capacity!
    assert.is(capacity.verdict, 'generator saturated')
    assert.is(capacity.capacity, null)
    const last = capacity.steps.at(-1)!
    assert.is(last.held, false)
    assert.ok(last.generatorSaturated)
    assert.ok(last.generator.loopBusy >= 0.9, `event loop busy ${last.generator.loopBusy}`)
    assert.match(stdout, /Capacity: no capacity: the generator saturated at 400\/s/)
  } finally {
    dir.remove()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

test('a malformed --slo is a usage error naming each problem (exit 2), before any load', async () => {
  const { code, stdout, stderr } = await runRunner([
    'capacity', '--scenario', 'test/fixtures/capacity/get.ts', '--target', 'http://127.0.0.1:9', '--slo', 'p99<200ms,error_rate<150%,avg<5',
  ], { timeoutMs: 30_000 })
  assert.is(code, 2, stdout + stderr)
  assert.match(stderr, /--slo "p99<200ms,error_rate<150%,avg<5" is not a service-level objective/)
  assert.match(stderr, /did you mean p\(99\)\?/)
  assert.match(stderr, /error_rate limit "150%"/)
  assert.match(stderr, /avg limit "5" needs a unit/)
  assert.not.match(stderr, /at .*\.ts:\d+/, 'no stack trace')
  assert.is(stdout, '')
})

test.run()
