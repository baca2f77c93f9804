// Issue 20's compare cases, as a user hits them: summary files of constructed runs (known
// latencies, no server, so the right verdict is known) given to `node runner compare`.
//   1. Alike runs whose whole figures differ from run to run more than the noise inside a run:
//      one run a side cannot see that variation (its gate cannot judge: 98), three a side can
//      (no verdict); a real 12% slowdown over three runs a side is worse (99).
//   2. A gate never passes what it cannot judge: runs under 10 s one a side, or a p99 with too
//      few requests behind it, exit 98 naming the rule and why; --allow-unjudged lets them pass.
//   3. A rule's margin is judged at that margin, not at --min-change: p50 +4.5% fails p(50)>+3%.
import * as assert from 'uvu/assert'
import { suite } from './helpers/suite.ts'
import { writeFileSync } from 'node:fs'
import type { Comparison } from '../src/report/compare/comparison-types.ts'
import { constructedSummary, type RunShape } from './helpers/constructed-run.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('compare-verdicts', { deadline: 180 })

const dir = tempDir('edgeload-verdicts-')
const env = { EDGELOAD_HOME: dir.path }
let seed = 0

/** Runs of one shape, each `scales[i]` times slower as a whole, their seconds steady: a file each. */
function runs(name: string, scales: number[], shape: Partial<RunShape> = {}): string[] {
  return scales.map((scale, i) => {
    const file = dir.file(`${name}-${i + 1}.json`)
    writeFileSync(file, JSON.stringify(constructedSummary({ seconds: 30, rate: 200, baseUs: 2000 * scale, seed: ++seed, drift: 0, ...shape })))
    return file
  })
}

const compare = (args: string[]) => runRunner(['compare', ...args], { env, timeoutMs: 60_000 })

async function json(args: string[]): Promise<Comparison> {
  const result = await compare([...args, '--json'])
  assert.is(result.code, 0, result.stderr)
  return JSON.parse(result.stdout) as Comparison
}

const verdictOf = (c: Comparison, key: string) => c.rows.find((r) => r.key === key)!.diffs[1]!.verdict

// Whole runs up to 6% apart, as runs on a busy machine are; the seconds inside each run are steady.
const alikeA = runs('alike-a', [0.97, 1.02, 0.99])
const alikeB = runs('alike-b', [1.03, 0.98, 1.01])
const slowerB = runs('slower-b', [1.11, 1.14, 1.12])

test('case 1: one run a side calls alike runs worse; its gate now cannot judge (98), not fail (99)', async () => {
  const one = await json([alikeA[0]!, alikeB[0]!])
  assert.is(verdictOf(one, 'p50'), 'worse', 'precondition: the bootstrap of one run a side sees the run-to-run shift as significant')
  const gate = await compare([alikeA[0]!, alikeB[0]!, '--fail-on', 'p(99)>+5%'])
  assert.is(gate.code, 98, gate.stdout + gate.stderr)
  assert.match(gate.stdout, /--fail-on p\(99\)>\+5%: .*: CANNOT JUDGE \(p99 [+-]\d+\.\d%: one run a side measures only the noise inside each run, not between runs/)
})

test('case 1: three alike runs a side get no verdict on any row, and the gate passes', async () => {
  const c = await json([...alikeA, '--vs', ...alikeB])
  assert.is(c.judgedFrom, 'runs')
  assert.equal(c.runs.map((r) => r.members?.length), [3, 3])
  for (const key of ['throughput', 'errorRate', 'p50', 'p90', 'p95', 'p99']) assert.is(verdictOf(c, key), 'no significant difference', key)
  const gate = await compare([...alikeA, '--vs', ...alikeB, '--fail-on', 'p(50)>+5%,p(99)>+10%,rate<-5%'])
  assert.is(gate.code, 0, gate.stdout + gate.stderr)
  assert.match(gate.stdout, /--fail-on p\(99\)>\+10%: B: ok \(p99 [+-]\d+\.\d%: no significant regression\)/)
  assert.match(gate.stdout, /^A: .*alike-a-1\.json, .*alike-a-2\.json, .*alike-a-3\.json$/m)
})

test('case 1: three runs a side 12% slower are worse, and the gate fails (99)', async () => {
  const c = await json([...alikeA, '--vs', ...slowerB])
  assert.is(verdictOf(c, 'p50'), 'worse', JSON.stringify(c.rows.find((r) => r.key === 'p50')))
  const gate = await compare([...alikeA, '--vs', ...slowerB, '--fail-on', 'p(50)>+5%'])
  assert.is(gate.code, 99, gate.stdout + gate.stderr)
  assert.match(gate.stdout, /--fail-on p\(50\)>\+5%: B: FAILED \(p50 \+1\d\.\d%: significant and beyond the margin\)/)
})

test('the rows are judged together: each interval at 99.17%, so that all six hold at 95%', async () => {
  const c = await json([...alikeA, '--vs', ...alikeB])
  assert.is(c.rowsJudged, 6)
  assert.ok(Math.abs(c.bootstrap.confidence - (1 - 0.05 / 6)) < 1e-12, String(c.bootstrap.confidence))
  assert.match(c.method, /99\.17% \(95% over the 6 rows judged together\)/)
})

test('case 2: runs under 10 s, one a side: the gate exits 98 naming the rule; --allow-unjudged passes it', async () => {
  const [short, slow] = [runs('short-a', [1], { seconds: 9 })[0]!, runs('short-b', [4.75], { seconds: 9 })[0]!]
  const gate = await compare([short, slow, '--fail-on', 'p(50)>+10%,rate<-10%'])
  assert.is(gate.code, 98, gate.stdout + gate.stderr)
  assert.match(gate.stdout, /--fail-on p\(50\)>\+10%: .*: CANNOT JUDGE \(p50 \+\d+\.\d%: /)
  assert.match(gate.stdout, /p50 \(ms\) .* too short to judge/)
  const allowed = await compare([short, slow, '--fail-on', 'p(50)>+10%', '--allow-unjudged'])
  assert.is(allowed.code, 0, allowed.stdout + allowed.stderr)
  assert.match(allowed.stdout, /CANNOT JUDGE/)
})

test('case 2: a tail with too few requests behind it gets no verdict, and its rule cannot be judged', async () => {
  // 3 s at 100 req/s: 300 requests a run, p99 would rest on 3 of them.
  const a = runs('few-a', [1, 1.01, 0.99], { seconds: 3, rate: 100 })
  const b = runs('few-b', [3, 3.02, 2.98], { seconds: 3, rate: 100 })
  const c = await json([...a, '--vs', ...b])
  assert.is(verdictOf(c, 'p99'), 'too few requests')
  assert.is(verdictOf(c, 'p50'), 'worse')
  const gate = await compare([...a, '--vs', ...b, '--fail-on', 'p(99)>+10%'])
  assert.is(gate.code, 98, gate.stdout + gate.stderr)
  assert.match(gate.stdout, /--fail-on p\(99\)>\+10%: B: CANNOT JUDGE \(p99 \+\d+\.\d%: too few requests \(.*few-a-1\.json: 300 requests, p99 needs 1000 \(10 beyond it\)\)\)/)
})

test('case 3: a margin below --min-change is judged at that margin', async () => {
  const a = runs('margin-a', [1, 1.01, 0.995])
  const b = runs('margin-b', [1.04, 1.045, 1.05])
  const c = await json([...a, '--vs', ...b])
  const p50 = c.rows.find((r) => r.key === 'p50')!.diffs[1]!
  assert.ok(p50.relative! > 0.03 && p50.relative! < 0.05, `precondition: p50 ${p50.relative} between +3% and the 5% --min-change`)
  assert.is(p50.verdict, 'no significant difference', 'the table keeps --min-change')
  const gate = await compare([...a, '--vs', ...b, '--fail-on', 'p(50)>+3%'])
  assert.is(gate.code, 99, gate.stdout + gate.stderr)
  assert.match(gate.stdout, /--fail-on p\(50\)>\+3%: B: FAILED \(p50 \+4\.\d%: significant and beyond the margin\)/)
})

test('--vs needs runs before it; bad use is one line, exit 2', async () => {
  const bad = await compare(['--vs', alikeA[0]!, alikeB[0]!])
  assert.is(bad.code, 2)
  assert.match(bad.stderr, /give the baseline side's runs before --vs/)
})

test.after(() => dir.remove())
test.run()
