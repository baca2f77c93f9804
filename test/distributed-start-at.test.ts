/**
 * --start-at (docs/distributed.md): parts started a second apart begin their first phase at the
 * same wall-clock moment; a part started after it begins at once and says how late it is.
 */
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { parseStartAt } from '../src/distributed/start-at.ts'
import type { Summary } from '../src/report/summary-types.ts'
import { withCommonStart } from './helpers/distributed-parts.ts'
import { httpServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('distributed-start-at', { deadline: 300 })

const SCENARIO = 'test/fixtures/scenarios/distributed-start.ts'
/**
 * The parts are launched a second apart: without a common start their first phases would begin
 * about 1 s and 2 s apart. Each must begin at or after the moment and less than that second
 * after it, bounds a loaded machine cannot break; how close they come (a few ms on an idle
 * machine) is printed, a timing figure, not asserted.
 */
const LAUNCH_GAP_MS = 1000

test('--start-at parses an ISO time with its zone or +duration; anything else is refused', () => {
  assert.equal(parseStartAt('2026-11-27T18:00:00Z'), { epochMs: Date.UTC(2026, 10, 27, 18) })
  assert.equal(parseStartAt('2026-11-27T19:00:00+01:00'), { epochMs: Date.UTC(2026, 10, 27, 18) })
  assert.equal(parseStartAt('+10s', 1000), { epochMs: 11_000 })
  assert.equal(parseStartAt('+2m', 0), { epochMs: 120_000 })
  for (const bad of ['2026-11-27T18:00:00', '18:00', 'tomorrow', '+10', '+', '2026-13-45T99:00:00Z']) {
    assert.ok('problem' in parseStartAt(bad), bad)
  }
})

test('parts started 1 s apart begin their first phase at the common moment, not a second apart', async () => {
  const firsts = new Map<string, number>()
  const server = await httpServer((req, res) => {
    const part = req.url!.split('/')[2]!
    if (!firsts.has(part)) firsts.set(part, Date.now())
    res.end('ok')
  })
  const dir = tempDir()
  try {
    // Far enough ahead for the last part, launched 2 s after the first, to load on a busy machine.
    let startAt = ''
    const exits = await withCommonStart(10_000, (at) => {
      startAt = at
      firsts.clear()
      return Promise.all([1, 2, 3].map(async (part) => {
        await new Promise((resolve) => setTimeout(resolve, (part - 1) * LAUNCH_GAP_MS)) // pace: the launches a second apart are the premise
        return runRunner(['--scenario', SCENARIO, '--target', server.url, '--segment', `${part}/3`, '--start-at', startAt,
          '--env', `PART=${part}`, '--out', dir.file(`part-${part}.json`), '--quiet', '--no-save'])
      }))
    }, (runs) => runs.map((run) => run.stderr))
    for (const exit of exits) {
      assert.is(exit.code, 0, exit.stderr)
      assert.match(exit.stderr, new RegExp(`--start-at ${startAt.replace(/\./g, '\\.')}: waiting (\\d+ ms|\\d+\\.\\d s) for the common start`), exit.stderr)
    }
    const times = [...firsts.values()]
    assert.is(times.length, 3)
    const spread = Math.max(...times) - Math.min(...times)
    const summaries = [1, 2, 3].map((part) => JSON.parse(readFileSync(dir.file(`part-${part}.json`), 'utf8')) as Summary)
    const phaseStarts = summaries.map((s) => s.phases[0]!.startMs.toFixed(1))
    console.log(`  first phase began ${phaseStarts.join(', ')} ms after the start; the parts' first requests came ${spread} ms apart`)
    assert.ok(spread < LAUNCH_GAP_MS, `first requests ${spread} ms apart`)
    for (const summary of summaries) {
      assert.is(summary.startedAt, startAt, 'the run counts from the common start')
      assert.ok(summary.phases[0]!.startMs >= 0 && summary.phases[0]!.startMs < LAUNCH_GAP_MS, `first phase at ${summary.phases[0]!.startMs} ms`)
      assert.is(summary.series[0]!.startMs, Date.parse(startAt), 'second 0 of every part is the same wall-clock second')
    }
  } finally {
    await server.close()
    dir.remove()
  }
})

test('a part started after --start-at begins at once and says how late it is', async () => {
  const server = await httpServer()
  const dir = tempDir()
  try {
    const startAt = new Date(Date.now() - 3000).toISOString()
    const { code, stderr } = await runRunner(['--scenario', SCENARIO, '--target', server.url, '--segment', '2/2', '--start-at', startAt,
      '--out', dir.file('late.json'), '--quiet', '--no-save'])
    assert.is(code, 0, stderr)
    assert.match(stderr, /--start-at .*: started (\d+ ms|\d+\.\d s) late; the first phase begins now/)
    const summary = JSON.parse(readFileSync(dir.file('late.json'), 'utf8')) as Summary
    // Its clock still counts from the common moment, so its seconds line up with the other parts'.
    assert.is(summary.startedAt, startAt)
    assert.ok(summary.phases[0]!.startMs >= 3000)
  } finally {
    await server.close()
    dir.remove()
  }
})

test('a part over a minute late starts its own clock on the common second grid: its wall time and series are the run, not the lateness', async () => {
  const server = await httpServer()
  const dir = tempDir()
  try {
    for (const startAt of [new Date(Date.now() - 3600_000).toISOString(), '2020-01-01T00:00:00Z']) {
      const { code, stderr } = await runRunner(['--scenario', SCENARIO, '--target', server.url, '--segment', '1/2', '--start-at', startAt,
        '--out', dir.file('very-late.json'), '--quiet', '--no-save'], { timeoutMs: 30_000 })
      assert.is(code, 0, stderr)
      assert.match(stderr, /started \d+\.\d s late; the first phase begins now; over 60 s late, this part's clock starts now/)
      const summary = JSON.parse(readFileSync(dir.file('very-late.json'), 'utf8')) as Summary
      // Not the hour (or the years) of lateness.
      assert.ok(summary.wallMs < 60_000, `wall time ${summary.wallMs} ms`)
      assert.ok(summary.series.length <= 60, `${summary.series.length} seconds in the series`)
      // Still on the common grid: whole seconds after the moment.
      assert.is((Date.parse(summary.startedAt) - Date.parse(startAt)) % 1000, 0)
      assert.is(summary.overall.requests, 4) // threads 1 and 3 of 3, two iterations each
    }
  } finally {
    await server.close()
    dir.remove()
  }
})

test.run()
