// `compare` as users run it (the runner as a child process) on constructed runs: summary files
// built by the product's own buildSummary from recorded latencies (test/helpers/constructed-run.ts),
// 50 requests a second for 11 s (one run a side needs 10 whole seconds). Three alike runs around
// 5 ms (other noise, other seeds), one around 10 ms (issue 10's case: p50 worse, significant)
// and one around 300 ms (p50 and p95 worse; p99 of 550 requests rests on the 6 slowest: too few
// to be judged). The runs are constructed, not measured, so a loaded
// machine cannot change a verdict; the bootstrap's own behaviour is compare-bootstrap.test.ts's.
// The bootstrap seed is fixed, so a given set of runs always gives the same verdicts.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { writeSummaryJson } from '../src/report/json-writer.ts'
import type { Comparison } from '../src/report/compare/comparison-types.ts'
import { constructedSummary } from './helpers/constructed-run.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('results-compare', { deadline: 300 })

const dir = tempDir('edgeload-compare-test-')
const runner = (args: string[]) => runRunner(args, { cwd: dir.path, env: { EDGELOAD_HOME: dir.path }, timeoutMs: 90_000 })
/** The runs by file name: three alike around 5 ms, one around 10 ms, one around 300 ms. */
const RUNS = { '1.json': [5_000, 1], '2.json': [5_000, 2], '3.json': [5_000, 3], '4.json': [10_000, 4], '5.json': [300_000, 5] } as const

test.before(() => {
  for (const [file, [baseUs, seed]] of Object.entries(RUNS)) writeSummaryJson(dir.file(file), constructedSummary({ seconds: 11, rate: 50, baseUs, seed }))
})
test.after(() => dir.remove())

type JsonComparison = Omit<Comparison, 'runs'> & { runs: { label: string; seconds: number }[] }

async function compareJson(minChange: string, ...runs: string[]): Promise<JsonComparison> {
  const { code, stdout, stderr } = await runner(['compare', ...runs, '--json', '--min-change', minChange])
  assert.is(code, 0, stderr)
  return JSON.parse(stdout) as JsonComparison
}

function verdicts(comparison: JsonComparison, key: string): (string | null | undefined)[] {
  return comparison.rows.find((r) => r.key === key)!.diffs.map((d) => d?.verdict)
}

/** A row's values and intervals, for failure messages. */
function shown(comparison: JsonComparison, key: string): string {
  const row = comparison.rows.find((r) => r.key === key)!
  return `${key}: ${row.values.join(', ')}; intervals ${row.diffs.map((d) => (d?.interval ? `[${d.interval.map((x) => x.toFixed(3))}]` : '-')).join(' ')}`
}

test('the 10 ms server is worse on p50, significantly (issue 10\'s case)', async () => {
  const c = await compareJson('20%', '1.json', '4.json')
  assert.equal(c.runs.map((r) => r.label), ['1.json', '4.json'])
  for (const run of c.runs) assert.ok(run.seconds >= 10, `${run.label}: ${run.seconds} whole seconds`)
  assert.is(verdicts(c, 'p50')[1], 'worse', shown(c, 'p50'))
  const p50 = c.rows.find((r) => r.key === 'p50')!
  assert.ok(p50.values[1]! > 1.5 * p50.values[0]!, `p50s ${p50.values.join(', ')}`)
  const interval = p50.diffs[1]!.interval!
  assert.ok(interval[0] > 0, `the 95% interval of the p50 difference lies above 0: ${interval}`)
  assert.match(c.method, /^one run a side: moving-block bootstrap of whole seconds within each phase \(blocks of √\(its seconds\), here up to 3 s\), 2000 resamples, seed 1/)
})

test('the 300 ms server is worse on p50 and p95; p99 has too few requests behind it; the three alike are not different', async () => {
  const c = await compareJson('50%', '1.json', '2.json', '3.json', '5.json')
  assert.equal(c.runs.map((r) => r.label), ['1.json', '2.json', '3.json', '5.json'])
  assert.equal(verdicts(c, 'p50'), [undefined, 'no significant difference', 'no significant difference', 'worse'], shown(c, 'p50'))
  // 550 requests a run put p99 on its 6 slowest: too few to judge (a tail needs 10 beyond it).
  assert.equal(verdicts(c, 'p99'), [undefined, ...Array(3).fill('too few requests')], shown(c, 'p99'))
  assert.is(verdicts(c, 'p95')[3], 'worse', shown(c, 'p95'))
  assert.equal(verdicts(c, 'throughput'), [undefined, ...Array(3).fill('no significant difference')], shown(c, 'throughput'))
})

test('repeated: every pair of the alike runs, either way round, shows no significant difference', async () => {
  for (const [a, b] of [['2.json', '3.json'], ['3.json', '1.json'], ['2.json', '1.json']]) {
    const c = await compareJson('50%', a!, b!)
    assert.is(verdicts(c, 'p50')[1], 'no significant difference', `${a} vs ${b}: ${shown(c, 'p50')}`)
    assert.is(verdicts(c, 'throughput')[1], 'no significant difference', `${a} vs ${b}: ${shown(c, 'throughput')}`)
  }
})

test('the table: one column per run, the change against the first, the verdict and the method', async () => {
  const { code, stdout } = await runner(['compare', '1.json', '5.json', '--min-change', '20%'])
  assert.is(code, 0)
  assert.match(stdout, /^\s+1\.json\s+5\.json\s+vs 1\.json\n/)
  assert.match(stdout, /\n\s+p50 \(ms\)\s+[\d.]+\s+[\d.]+\s+\+\d+\.\d% \[\+\d+\.\d%, \+\d+\.\d%\]\s+worse\n/)
  assert.match(stdout, /\nMethod: one run a side: moving-block bootstrap/)
})

test('--fail-on with one run a side cannot judge (98) even the 300 ms run; --allow-unjudged lets it pass; runs a side are judged', async () => {
  const unjudged = await runner(['compare', '1.json', '5.json', '--fail-on', 'p(50)>+10%'])
  assert.is(unjudged.code, 98, unjudged.stdout + unjudged.stderr)
  assert.match(unjudged.stdout, /--fail-on p\(50\)>\+10%: 5\.json: CANNOT JUDGE \(p50 \+\d+\.\d%: one run a side measures only the noise inside each run, not between runs; give several runs a side/)
  const allowed = await runner(['compare', '1.json', '5.json', '--fail-on', 'p(50)>+10%', '--allow-unjudged'])
  assert.is(allowed.code, 0, allowed.stdout + allowed.stderr)
  // Two alike runs against a third: judged from the runs, no regression.
  const passed = await runner(['compare', '1.json', '2.json', '--vs', '3.json', '--fail-on', 'p(50)>+50%,rate<-20%', '--fail-on', 'error_rate>+1%'])
  assert.is(passed.code, 0, passed.stdout + passed.stderr)
  assert.match(passed.stdout, /--fail-on p\(50\)>\+50%: B: ok \(p50 [+-]\d+\.\d%: no significant regression\)/)
  assert.match(passed.stdout, /--fail-on error_rate>\+1%: B: ok \(Error rate [+-]\d\.\d points: no significant regression\)/)
  assert.match(passed.stdout, /^A: 1\.json, 2\.json$/m)
  // Against the 300 ms runs, three a side: worse beyond the margin, exit 99.
  const failed = await runner(['compare', '1.json', '2.json', '3.json', '--vs', '5.json', '--fail-on', 'p(50)>+10%'])
  assert.is(failed.code, 99, failed.stdout + failed.stderr)
  assert.match(failed.stdout, /--fail-on p\(50\)>\+10%: B: FAILED \(p50 \+\d+\.\d%: significant and beyond the margin\)/)
})

test('bad --fail-on rules and bad runs: one clear line, exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['1.json', '2.json', '--fail-on', 'p(99)<+10%'], /--fail-on "p\(99\)<\+10%": a regression of p\(99\) is a rise; write p\(99\)>\+10%/],
    [['1.json', '2.json', '--fail-on', 'p(98)>+10%'], /--fail-on "p\(98\)>\+10%" is not a rule: use p\(50\|90\|95\|99\)>\+X%/],
    [['1.json', '2.json', '--fail-on', 'latency>10'], /is not a rule/],
    [['1.json', '2.json', '--fail-on', 'rate<+5%'], /a regression of rate is a fall; write rate<-5%/],
    [['1.json', '9'], /9: no run has been saved yet \(no history at /],
    [['1.json'], /compare needs at least two runs, got 1/],
    [['1.json', '2.json', '--min-change', 'lots'], /--min-change must be a percentage such as 5%/],
    [['1.json', 'nothing-here'], /"nothing-here" is not a run/],
  ]
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await runner(['compare', ...args])
    assert.is(code, 2, args.join(' '))
    assert.is(stdout, '')
    assert.match(stderr, message)
    assert.not.match(stderr, /\n\s+at /)
  }
})

test.run()
