// Issue 20 cases 4 and 5, as a user hits them: parts run as separate runner processes against
// real servers on 127.0.0.1, merged by `node runner merge`.
//   4. Parts that did not run together are refused (exit 2, naming the part and why): another
//      run's part (its --start-at 52 s apart), parts run one after another, a part against another
//      target; a part that started late is merged and flagged.
//   5. The four-part peak.ts starts every phase together in every part: no part starts Loading
//      before the whole run's Warmup is done, though parts 3 and 4 have no Warmup thread.
import * as assert from 'uvu/assert'
import { suite } from './helpers/suite.ts'
import type { PartSummary } from '../src/distributed/part-merger.ts'
import { runParts, startAtIn } from './helpers/distributed-parts.ts'
import { LATE_MS } from '../src/distributed/part-timing.ts'
import { httpServer, type TestServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'
import { readFileSync } from 'node:fs'

const test = suite('distributed-together', { deadline: 400 })

const SCENARIO = 'test/fixtures/scenarios/distributed-start.ts'
const dir = tempDir('edgeload-together-')
let server: TestServer
let other: TestServer

test.before(async () => {
  server = await httpServer()
  other = await httpServer()
})

test.after(async () => {
  await server.close()
  await other.close()
  dir.remove()
})

/** One part of `SCENARIO` in 2, written to `name`.json. */
async function part(i: number, name: string, ...more: string[]): Promise<string> {
  const file = dir.file(`${name}.json`)
  const exit = await runRunner(['--scenario', SCENARIO, '--segment', `${i}/2`, '--out', file, '--quiet', '--no-save', ...more], { timeoutMs: 60_000 })
  assert.is(exit.code, 0, exit.stderr)
  return file
}

const merge = (files: string[]) => runRunner(['merge', ...files], { timeoutMs: 60_000 })

test("case 4: another run's part, its --start-at 52 s apart, is refused by name", async () => {
  const startAt = startAtIn(1500)
  const later = new Date(Date.parse(startAt) - 52_000).toISOString()
  const [one, two] = await Promise.all([part(1, 'run-a-1', '--target', server.url, '--start-at', startAt), part(2, 'run-b-2', '--target', server.url, '--start-at', later)])
  const merged = await merge([one, two])
  assert.is(merged.code, 2, merged.stdout)
  assert.match(merged.stderr, new RegExp(`^edgeload: .*run-b-2\\.json \\(2/2\\) is a part of another run: it ran with --start-at ${later.replace(/[.]/g, '\\.')}, but .*run-a-1\\.json \\(1/2\\) with --start-at `))
})

test('case 4: parts run one after another without --start-at are refused', async () => {
  const one = await part(1, 'seq-1', '--target', server.url)
  const two = await part(2, 'seq-2', '--target', server.url)
  const merged = await merge([one, two])
  assert.is(merged.code, 2, merged.stdout)
  assert.match(merged.stderr, /^edgeload: .*seq-2\.json \(2\/2\) did not run with .*seq-1\.json \(1\/2\): it started \d+\.\d s after that part had ended/)
})

test('case 4: a part against another target is refused; a part that started late is merged and flagged', async () => {
  const startAt = startAtIn(1500)
  const one = await part(1, 'late-1', '--target', server.url, '--start-at', startAt)
  // Part 2 starts only once part 1 is done and, whatever the machine's speed, at least twice the
  // lateness merge flags after the common start (part 1's run alone can end sooner than that).
  const lateBy = Date.parse(startAt) + 2 * LATE_MS - Date.now()
  if (lateBy > 0) await new Promise((resolve) => setTimeout(resolve, lateBy)) // pace: the part's lateness is the input
  const [late, elsewhere] = await Promise.all([
    part(2, 'late-2', '--target', server.url, '--start-at', startAt),
    part(2, 'other-2', '--target', other.url, '--start-at', startAt),
  ])
  const refused = await merge([one, elsewhere])
  assert.is(refused.code, 2, refused.stdout)
  assert.match(refused.stderr, new RegExp(`other-2\\.json \\(2/2\\) is a part of another run: it ran against ${other.url}.*, but .*late-1\\.json \\(1/2\\) against ${server.url}`), refused.stderr)
  const merged = await merge([one, late])
  assert.is(merged.code, 0, merged.stderr)
  assert.match(merged.stdout, /^Warning: .*late-2\.json \(2\/2\) started \d+\.\d s after the common start \(--start-at\): the merged wall time, throughput and phase times include that delay$/m)
})

test('case 5: four-part peak.ts: no part starts a phase before the whole run has finished the one before', async () => {
  const parts = await runParts(['--scenario', 'peak.ts', '--target', server.url, '--iterations', '20'], 4, dir.path, {}, 'peak')
  for (const p of parts) assert.is(p.exit.code, 0, p.exit.stderr)
  const summaries = parts.map((p) => JSON.parse(readFileSync(p.file, 'utf8')) as PartSummary)
  // Parts 3 and 4 have no Warmup thread (2 threads dealt over 4 parts).
  assert.equal(summaries.map((s) => s.phases.find((phase) => phase.name === 'Warmup')!.threads), [1, 1, 0, 0])
  const names = ['Warmup', 'Loading', 'Peak', 'Cooldown']
  for (let k = 1; k < names.length; k++) {
    // Every part's clock counts from the one --start-at, so their phase times compare directly.
    const wholeEnd = Math.max(...summaries.map((s) => s.phases.find((phase) => phase.name === names[k - 1])!.endMs))
    for (const [i, s] of summaries.entries()) {
      const start = s.phases.find((phase) => phase.name === names[k])!.startMs
      assert.ok(start >= wholeEnd - 2, `part ${i + 1} started ${names[k]} at ${start} ms, before the whole run's ${names[k - 1]} ended at ${wholeEnd} ms`)
    }
  }
  const merged = await merge(parts.map((p) => p.file))
  assert.is(merged.code, 0, merged.stderr)
  assert.not.match(merged.stdout, /Warning: phase/)
  assert.match(merged.stdout, /Total number of requests sent: 1480\n/)
})

test.run()
