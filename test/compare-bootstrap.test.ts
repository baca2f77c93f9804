// The block bootstrap and the verdicts on constructed runs (real summaries built from recorded
// metrics): a clear shift is "worse", the same run against itself is not, the seed makes it
// reproducible, and phases are resampled within themselves.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { blockLength } from '../src/report/compare/block-bootstrap.ts'
import { compareRuns } from '../src/report/compare/compare-runs.ts'
import { formatChange } from '../src/report/compare/comparison-text.ts'
import { judgeFailOn, parseFailOn } from '../src/report/compare/fail-on.ts'
import { compareSides } from '../src/report/compare/replicated.ts'
import { UsageError } from '../src/load/run-errors.ts'
import { decodeSummary } from '../src/report/summary-read.ts'
import { constructedSummary } from './helpers/constructed-run.ts'

const test = suite('compare-bootstrap', { deadline: 120 })

/** A constructed run (test/helpers/constructed-run.ts), loaded as compare loads a run. */
function run(label: string, seconds: number, rate: number, baseUs: number, seed: number, phases = 1, spikeEvery = 0) {
  return { label, loaded: decodeSummary(constructedSummary({ seconds, rate, baseUs, seed, phases, spikeEvery }), label) }
}

const verdict = (c: ReturnType<typeof compareRuns>, key: string, i = 1) => c.rows.find((r) => r.key === key)!.diffs[i]?.verdict

test('a run 50% slower is worse on every percentile; the same process with other noise is not', () => {
  const a = run('a', 40, 200, 2000, 1)
  const same = run('same', 40, 200, 2000, 2)
  const slower = run('slower', 40, 200, 3000, 3)
  const c = compareRuns([a, same, slower])
  for (const key of ['p50', 'p90', 'p95', 'p99']) {
    assert.is(verdict(c, key, 1), 'no significant difference', `${key} same`)
    assert.is(verdict(c, key, 2), 'worse', `${key} slower`)
  }
  assert.is(verdict(c, 'throughput', 1), 'no significant difference')
  assert.is(verdict(c, 'errorRate', 2), 'no significant difference')
  const p50 = c.rows.find((r) => r.key === 'p50')!.diffs[2]!
  assert.ok(p50.interval![0] > 0.5 && p50.interval![1] < 1.5, `p50 difference about +1 ms: ${p50.interval}`)
})

test('a relative interval comes from each resample\'s own ratio: a latency never falls by more than 100%', () => {
  const c = compareRuns([run('bursts', 40, 200, 2000, 1, 1, 20), run('calm', 40, 200, 2000, 2)])
  const row = c.rows.find((r) => r.key === 'p99')!
  const d = row.diffs[1]!
  // The baseline's bursts are 0.8% of its requests, just under its p99; a resample that draws
  // them more often has a p99 of the bursts, so differences over the whole-run baseline go far
  // below -100% here, which is what the text used to print.
  assert.ok(d.interval![0] / row.values[0]! < -1, `precondition: ${d.interval![0] / row.values[0]!}`)
  assert.ok(d.relativeInterval![0] >= -1 && d.relativeInterval![0] <= d.relative! && d.relative! <= d.relativeInterval![1], `${d.relativeInterval} around ${d.relative}`)
  assert.match(formatChange(row, d, row.values[0]), /^-\d+\.\d% \[-\d\d?\.\d%, [-+]\d+\.\d%\]$/)
})

test('the seed makes the intervals reproducible; another seed moves them a little', () => {
  const runs = [run('a', 30, 100, 2000, 1), run('b', 30, 100, 2100, 2)]
  const interval = (seed: number) => compareRuns(runs, { seed }).rows.find((r) => r.key === 'p99')!.diffs[1]!.interval!
  assert.equal(interval(1), interval(1))
  assert.not.equal(interval(1), interval(2))
})

test('fewer than 10 whole seconds: too short to judge', () => {
  const c = compareRuns([run('a', 9, 100, 2000, 1), run('b', 9, 100, 9000, 2)])
  assert.is(verdict(c, 'p50'), 'too short to judge')
  assert.is(c.runs[0]!.seconds, 9)
})

test('phases are resampled within themselves: a light and a heavy phase do not blur the percentiles', () => {
  // Two phases, the second twice as slow. Resampling across phases would let some resamples be all
  // light and others all heavy, widening the p50 interval past the 10% shift between the runs.
  const a = run('a', 40, 200, 2000, 1, 2)
  const b = run('b', 40, 200, 2400, 2, 2)
  const c = compareRuns([a, b])
  assert.is(c.runs[0]!.blockSeconds, blockLength(20))
  assert.is(verdict(c, 'p50'), 'worse', JSON.stringify(c.rows.find((r) => r.key === 'p50')!.diffs[1]))
})

test('--fail-on: rules parse, and fail only on a significant change beyond their margin', () => {
  const side = (label: string, base: number, seeds: number[]) => ({ label, runs: seeds.map((seed) => run(`${label}${seed}`, 40, 200, base, seed)) })
  const c = compareSides(side('A', 2000, [1, 2, 3]), side('B', 3000, [4, 5, 6]))
  const results = judgeFailOn(c, parseFailOn(['p(99)>+10%', 'p(50)>80%,rate<-10%']))
  assert.equal(results.map((r) => [r.rule, r.failed, r.unjudged]), [['p(99)>+10%', true, false], ['p(50)>80%', false, false], ['rate<-10%', false, false]])
  assert.match(results[1]!.reason, /^p50 \+\d+\.\d%: significant but within the margin$/)
  // One run a side cannot see the variation between runs: every rule is unjudged, none failed.
  const single = judgeFailOn(compareRuns([run('a', 40, 200, 2000, 1), run('b', 40, 200, 3000, 2)]), parseFailOn(['p(99)>+10%']))
  assert.equal(single.map((r) => [r.failed, r.unjudged]), [[false, true]])
  assert.equal(parseFailOn(['error_rate>+1%']).map((r) => [r.row, r.margin]), [['errorRate', 0.01]])
  assert.throws(() => parseFailOn(['p(99)>+10']), /is not a rule/)
  assert.throws(() => parseFailOn([',']), /names no rule/)
  assert.throws(() => parseFailOn(['p(99)>+10%', ' , ']), /names no rule/)
  assert.throws(() => parseFailOn(['rate>+10%']), /a regression of rate is a fall; write rate<-10%/)
})

test('several runs a side: a side mixing scenarios is refused (exit 2), naming both runs', () => {
  const other = run('S1', 40, 200, 2000, 7)
  other.loaded.summary.scenario = 'steps.ts'
  const side = (label: string, runs: ReturnType<typeof run>[]) => ({ label, runs })
  const refused = (() => {
    try {
      compareSides(side('A', [run('P1', 40, 200, 2000, 1), other]), side('B', [run('P2', 40, 200, 2000, 2), run('P3', 40, 200, 2000, 3)]))
    } catch (error) {
      return error as UsageError
    }
  })()
  assert.instance(refused, UsageError)
  assert.is(refused!.exitCode, 2)
  assert.match(refused!.message, /side A mixes scenarios: P1 ran constructed, S1 ran steps\.ts/)
})

test.run()
