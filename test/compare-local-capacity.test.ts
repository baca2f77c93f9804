// `npm run compare:local -- --capacity`: each runtime's breaking point, one row a runtime.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import * as assert from 'uvu/assert'
import { capacityLines } from '../bench/compare-local/capacity-table.ts'
import type { RuntimeColumn } from '../bench/compare-local/compare-table.ts'
import type { CapacityStep, CapacitySummary, Summary } from '../src/report/summary-types.ts'
import { ROOT } from './helpers/store-run.ts'
import { suite } from './helpers/suite.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('compare:local --capacity', { deadline: 240 })
const run = promisify(execFile)
const LOAD = { scenario: 'peak.ts', slo: 'p(99)<200ms,error_rate<1%' }

function step(rate: number, held: boolean, p99Ms: number, errorRate: number, loopBusy = 0.1): CapacityStep {
  return {
    phase: `step: ${rate}/s`, rate, requests: rate * 20, throughput: rate * 2, p50Ms: 1, p90Ms: 2, p99Ms, maxMs: p99Ms, errorRate, errors: errorRate > 0 ? [{ kind: 'http 429', count: 84 }] : [], droppedIterations: 0, scheduledSeconds: 10, seconds: 10,
    objectives: [{ objective: 'p(99)<200ms', actual: p99Ms, ok: p99Ms < 200 }, { objective: 'error_rate<1%', actual: errorRate, ok: errorRate < 0.01 }],
    held, generator: { cpu: loopBusy, loopBusy, loopDelayP99Ms: 1, loopDelayMaxMs: 2 }, generatorSaturated: loopBusy >= 0.9,
  }
}

function column(runtime: string, capacity: Partial<CapacitySummary> & Pick<CapacitySummary, 'steps'>, coldStarts: number): RuntimeColumn {
  const full: CapacitySummary = {
    slo: LOAD.slo, objectives: ['p(99)<200ms', 'error_rate<1%'], verdict: 'knee', capacity: null, held: null, failed: null, uncertainty: null,
    message: '', settings: { startRate: 100, maxRate: 100_000, resolution: 0.1, maxSteps: 12, stepSeconds: 10 }, ...capacity,
  }
  return { runtime, store: 'sqlite (x)', summary: { overall: { coldStarts }, capacity: full } as unknown as Summary }
}

test('one row a runtime: its capacity, the steps that bracket it, cold starts, the generator\'s load; why one is missing', () => {
  const held = step(400, true, 50, 0)
  const failed = step(440, false, 900, 0.2)
  const lines = capacityLines([
    column('node', { verdict: 'knee', capacity: 400, held, failed, uncertainty: 0.1, steps: [held, failed], message: 'capacity 400 iterations/s: ...' }, 1),
    column('lambda', { verdict: 'generator saturated', steps: [step(800, false, 3000, 0.5, 0.97)], message: 'no capacity: the generator saturated at 800/s' }, 10),
    { runtime: 'bun', missing: 'bun cannot run: ENOENT' },
  ], LOAD)
  assert.match(lines[0]!, /^Breaking points \(iterations\/s within p\(99\)<200ms,error_rate<1%; each step 10 s/)
  const row = (name: string) => lines.find((l) => l.startsWith(`  ${name} `))!.trim().split(/\s{2,}/)
  assert.equal(row('node'), ['node', '400', 'knee', '400/s, 800.0/s, 50.00 ms, 0.00%', '440/s, 880.0/s, 900.0 ms, 20.00% (http 429 ×84)', '10.00%', '1', '10.00%', 'sqlite (x)'])
  assert.equal(row('lambda'), ['lambda', '-', 'generator saturated', '-', '-', '-', '10', '97.00%', 'sqlite (x)'])
  assert.ok(lines.includes('  lambda: no capacity: the generator saturated at 800/s'))
  assert.ok(lines.includes('  bun: not measured: bun cannot run: ENOENT'))
})

test('npm run compare:local -- --capacity runs node runner capacity against a fresh runtime and puts its breaking point in the table', async () => {
  const dir = tempDir('edgeload-compare-capacity-')
  try {
    // One step of 10 s (1,000 iterations: enough requests to judge p(99)): the rate allowed is the first rate, which a fresh Node server holds.
    const args = ['--import', 'tsx', 'bench/compare-local.ts', '--capacity', '--runtimes', 'node', '--scenario', 'peak.ts', '--slo', 'p(99)<1s,error_rate<1%',
      '--start-rate', '100', '--max-rate', '100', '--out', dir.file('out.json')]
    const { stdout } = await run(process.execPath, args, { cwd: ROOT, timeout: 120_000 })
    const written = JSON.parse(readFileSync(dir.file('out.json'), 'utf8')) as { columns: RuntimeColumn[] }
    const capacity = written.columns[0]!.summary!.capacity!
    assert.is(capacity.verdict, 'held at max', capacity.message)
    assert.is(capacity.capacity, 100)
    assert.is(capacity.steps.length, 1)
    // peak.ts: a POST and a GET an iteration; one arrival more than 10 s holds, so the last starts at the 10 s mark.
    assert.is(written.columns[0]!.summary!.overall.requests, (100 * 10 + 1) * 2)
    const row = stdout.split('\n').find((l) => /^ {2}node {2,}\d/.test(l))!.trim().split(/\s{2,}/)
    assert.equal(row.slice(0, 3), ['node', '100', 'held at max'], stdout)
    assert.match(stdout, /node: at least 100 iterations\/s/)
  } finally {
    dir.remove()
  }
})

test('compare:local refuses a bad --slo, or --slo without --capacity, before starting anything (exit 2)', async () => {
  for (const [args, message] of [[['--capacity', '--slo', 'p99<1s'], /did you mean p\(99\)/], [['--slo', 'p(99)<1s'], /--slo goes with --capacity/]] as const) {
    const failed = await run(process.execPath, ['--import', 'tsx', 'bench/compare-local.ts', ...args], { cwd: ROOT, timeout: 30_000 }).then(() => undefined, (error) => error)
    assert.is(failed?.code, 2)
    assert.match(failed.stderr, message)
  }
})

test.run()
