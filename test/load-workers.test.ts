import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { fileURLToPath } from 'node:url'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildPhasePlan, splitPlan } from '../src/load/phase-plan.ts'
import { parseTarget } from '../src/load/http/target.ts'
import { loadScenario } from '../src/load/scenario-load.ts'
import { buildSummary } from '../src/report/summary.ts'
import { interleavedIds } from '../src/load/workers/thread-ids.ts'
import { runScenarioInWorkers } from '../src/load/workers/run-in-workers.ts'
import { readOptions } from '../runner/options.ts'
import { httpServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'

const test = suite('load-workers', { deadline: 300 })

const SCENARIO = fileURLToPath(new URL('./fixtures/scenarios/workers-mix.ts', import.meta.url))

test('a plan split over workers: each part knows its share, shared iterations add up exactly', () => {
  const plan = buildPhasePlan({
    threads: 7,
    phases: [
      { name: 'A', iterations: 3 },
      { name: 'B', rate: 100, duration: '1s', maxThreads: 4, preAllocatedThreads: 2, startNext: 0.5 },
      { name: 'C', kind: 'shared-iterations', iterations: 10, threads: 2 / 7 },
    ],
    iteration: async () => {},
  })
  const shares = splitPlan(plan, 3)
  assert.equal(shares.map((s) => s.phases.map((p) => p.part)), [0, 1, 2].map((index) => [0, 1, 2].map(() => ({ index, count: 3 }))))
  assert.ok(shares.every((s) => s.phases[0]!.config.iterations === 3 && s.phases[1]!.startNext === 0.5))
  // 10 shared iterations over 2 threads: only the two parts with a thread get any.
  assert.equal(shares.map((s) => s.phases[2]!.config.iterations), [5, 5, 0])
  const ids = [0, 1, 2].flatMap((w) => { const next = interleavedIds(3, w); return [next(), next(), next()] })
  assert.equal(ids.sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9])
})

test('--workers must be a whole number from 1', () => {
  assert.ok(readOptions({ scenario: 'peak.ts', workers: '0' }, []).problems.some((p) => p.includes('--workers')))
  assert.is(readOptions({ scenario: 'peak.ts', workers: '4' }, []).options?.workers, 4)
  assert.is(readOptions({ scenario: 'peak.ts' }, []).options?.workers, 1)
})

test('a run over 3 worker threads sends exactly what one thread would, phases and all', async () => {
  const vus = new Set<string>()
  const server = await httpServer((req, res) => {
    if (req.url!.startsWith('/vu/')) vus.add(req.url!)
    res.end('ok')
  })
  try {
    const { scenario } = await loadScenario(SCENARIO)
    const plan = buildPhasePlan(scenario)
    const lines: string[] = []
    const result = await runScenarioInWorkers({
      scenario, plan, target: parseTarget(server.url), timeoutMs: 5000, seed: 7, workers: 3, scenarioFile: SCENARIO, overrides: {}, thresholds: [],
      events: {
        phaseStarted: (phase) => lines.push(`start ${phase.name}`),
        phaseCompleted: (phase) => lines.push(`done ${phase.name}`),
      },
    })
    const summary = buildSummary(result.metrics, {
      scenario: 'workers-mix', target: server.url, startedAt: result.control.startedAt, wallMs: result.wallMs, interrupted: false, threads: 20,
    })
    // (2 + 10 + 20 + 5) threads x 10 iterations x 2 requests, as in one thread.
    assert.is(summary.overall.requests, 740)
    assert.is(summary.overall.successful, 740)
    assert.equal(summary.phases.map((p) => [p.name, p.threads, p.requests]), [
      ['Warmup', 2, 40], ['Loading', 10, 200], ['Peak', 20, 400], ['Cooldown', 5, 100],
    ])
    assert.equal(lines, ['start Warmup', 'done Warmup', 'start Loading', 'done Loading', 'start Peak', 'done Peak', 'start Cooldown', 'done Cooldown'])
    assert.is(vus.size, 37, 'every thread of every phase had its own id')
    assert.is(result.iterationErrors.count, 1)
    assert.match(result.iterationErrors.first ?? '', /thread 3 stumbles once/)
    assert.equal(summary.checks.map((c) => [c.name, c.passes]), [['status is 200', 370]])
  } finally {
    await server.close()
  }
})

test('node runner --workers 2: the original test against the embedded handler, 7,400 requests', async () => {
  const { code, stdout } = await runRunner(['--scenario', 'peak.ts', '--workers', '2', '--quiet'], { timeoutMs: 30_000 })
  assert.is(code, 0, stdout)
  assert.match(stdout, /Total number of requests sent: 7400\n/)
  assert.match(stdout, /Total number of Successful responses: 7400\n/)
})

test('--workers 2 loads a .ts scenario outside any package (read as CommonJS by default) in every worker thread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-workers-ts-'))
  try {
    const file = join(dir, 'plain.ts')
    writeFileSync(file, "export default { threads: 2, iterations: 5, async iteration(http: any) { await http.get('/myresource') } }\n")
    const { code, stdout, stderr } = await runRunner(['--scenario', file, '--workers', '2', '--quiet'], { timeoutMs: 30_000 })
    assert.is(code, 0, stdout + stderr)
    assert.match(stdout, /Total number of Successful responses: 10\n/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('--workers 2 splits parallel scenarios, ramps and rates exactly; custom metrics and threshold sinks merge', async () => {
  const { code, stdout, stderr } = await runRunner(['--scenario', 'scenarios/mixed.ts', '--workers', '2'], { timeoutMs: 60_000 })
  assert.is(code, 0, stdout + stderr)
  // The rate scenario's 100 arrivals are dealt out over the two workers and add up exactly.
  assert.match(stdout, /write +rate +\d+ +100 +100 /)
  assert.match(stdout, /✓ steps_written +count==100 +100/)
  assert.match(stdout, /Thresholds: all passed/)
})

test.run()
