/**
 * How often `compare` is wrong (docs/results.md, "How often a verdict is wrong"). Runs of one
 * scenario against two servers whose latency is set by timers (bench/servers/jittered.ts): one
 * answering after 10-14 ms, one exactly 10% slower. Pairs of three runs a side are compared as
 * `compare A1 A2 A3 --vs B1 B2 B3` does:
 *   - alike pairs (both sides against the same server): any "better" or "worse" is a false verdict;
 *   - slowdown pairs (B against the 10% slower server): p50 "worse" is a detection, and any
 *     "better" a false verdict.
 * The server's latency does not depend on how busy the machine is, so the truth is known even on
 * a shared machine: whatever else moves between runs (the generator's and the timers' lag on
 * busy cores) is exactly the variation between runs the verdicts must not mistake for a change.
 * Each pair's runs are made together, as docs/results.md advises: six runs against the first
 * server whose odd and even runs make the alike pair's two sides (interleaved in time, so the
 * machine's drift falls on both), then three against the slower server right after, compared with
 * the same A side.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compareSides } from '../../src/report/compare/replicated.ts'
import type { Comparison } from '../../src/report/compare/comparison-types.ts'
import { readSummaryFile } from '../../src/report/summary-read.ts'
import { coreLayout } from '../lib/cpus.ts'
import { startNodeTarget, type Target } from '../lib/fast-target.ts'
import { run } from '../lib/proc.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const SCENARIO = new URL('../scenarios/verdicts.ts', import.meta.url).pathname
const RUNS_A_SIDE = 3
const RUN_SECONDS = 2
const SLOWDOWN = 1.1
/** Most comparisons with any false verdict, as a share (the issue's target). */
const TARGET_FALSE = 0.05
const JUDGED = ['throughput', 'errorRate', 'p50', 'p90', 'p95', 'p99']

export async function verdictsSection(opts: BenchOptions): Promise<SectionResult> {
  const pairs = opts.quick ? 4 : 20
  const same = await startNodeTarget('jittered.ts', ['10', '4', '1'], 'node:http, 10-14 ms by timer')
  const slow = await startNodeTarget('jittered.ts', ['10', '4', String(SLOWDOWN)], 'node:http, 11-15.4 ms by timer')
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-verdicts-'))
  try {
    const side = (label: string, files: string[]) => ({ label, runs: files.map((file) => ({ label: file, loaded: readSummaryFile(file) })) })
    const alike: Comparison[] = []
    const slowed: Comparison[] = []
    for (let i = 0; i < pairs; i++) {
      const base = await repeatRuns(same, 2 * RUNS_A_SIDE, join(dir, `same-${i}`))
      const slower = await repeatRuns(slow, RUNS_A_SIDE, join(dir, `slow-${i}`))
      const a = base.filter((_, k) => k % 2 === 0)
      alike.push(compareSides(side('A', a), side('B', base.filter((_, k) => k % 2 === 1))))
      slowed.push(compareSides(side('A', a), side('B', slower)))
      console.log(`bench: verdicts: pair ${i + 1}/${pairs}: alike ${summaryOf(alike.at(-1)!)}; slowed ${summaryOf(slowed.at(-1)!)}`)
    }
    const falseAlike = alike.filter((c) => verdicts(c).some((v) => v === 'better' || v === 'worse')).length
    const falseSlowed = slowed.filter((c) => verdicts(c).includes('better')).length
    const detected = slowed.filter((c) => verdictOn(c, 'p50') === 'worse').length
    const anyWorse = slowed.filter((c) => verdicts(c).includes('worse')).length
    const unjudged = [...alike, ...slowed].filter((c) => verdicts(c).some((v) => v === 'too few requests')).length
    const falseRate = (falseAlike + falseSlowed) / (2 * pairs)
    const rows: Row[] = [
      {
        section: 'verdicts', case: `${pairs} alike + ${pairs} pairs 10% slower, ${RUNS_A_SIDE} runs of ${RUN_SECONDS} s a side (compare --vs)`,
        a: `false verdicts: ${falseAlike}/${pairs} alike, ${falseSlowed}/${pairs} slowed (${pct(falseRate)})`,
        b: `detected: p50 worse ${detected}/${pairs} (${pct(detected / pairs)}), any row worse ${anyWorse}/${pairs}`,
        target: `false <= ${pct(TARGET_FALSE)}`, holds: falseRate <= TARGET_FALSE,
        note: unjudged ? `${unjudged} comparisons had a percentile with too few requests` : 'latency set by timers; machine shared',
      },
    ]
    return {
      rows,
      data: {
        pairs, runsASide: RUNS_A_SIDE, runSeconds: RUN_SECONDS, slowdown: SLOWDOWN, falseAlike, falseSlowed, detected, anyWorse, falseRate,
        perRow: Object.fromEntries(JUDGED.map((key) => [key, {
          alikeFalse: alike.filter((c) => ['better', 'worse'].includes(verdictOn(c, key) ?? '')).length,
          slowedWorse: slowed.filter((c) => verdictOn(c, key) === 'worse').length,
        }])),
        p50Changes: slowed.map((c) => c.rows.find((r) => r.key === 'p50')!.diffs[1]!.relative),
      },
    }
  } finally {
    await same.close()
    await slow.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `n` runs with `node runner --repeat n`, as a user makes a side; their summary files in order. */
async function repeatRuns(target: Target, n: number, stem: string): Promise<string[]> {
  if (n === 0) return []
  const args = [join(ROOT, 'runner'), '--scenario', SCENARIO, '--target', target.url, '--duration', `${RUN_SECONDS}s`,
    '--repeat', String(n), '--out', `${stem}.json`, '--quiet', '--no-save']
  const res = await run(process.execPath, args, { core: coreLayout().generator, cwd: ROOT, timeoutMs: n * 60_000 })
  if (res.code !== 0) throw new Error(`runner --repeat ${n} exited ${res.code}: ${(res.stderr || res.stdout).slice(-600)}`)
  return Array.from({ length: n }, (_, k) => `${stem}-${k + 1}.json`)
}

/** `p50 +12.3% worse`, for the progress lines. */
function summaryOf(c: Comparison): string {
  const d = c.rows.find((r) => r.key === 'p50')!.diffs[1]!
  const judged = JUDGED.filter((key) => ['better', 'worse'].includes(verdictOn(c, key) ?? '')).map((key) => `${key} ${verdictOn(c, key)}`)
  return `p50 ${d.relative === null ? 'n/a' : `${(d.relative * 100).toFixed(1)}%`}${judged.length ? ` (${judged.join(', ')})` : ''}`
}

function verdicts(c: Comparison): (string | null | undefined)[] {
  return JUDGED.map((key) => verdictOn(c, key))
}

function verdictOn(c: Comparison, key: string): string | null | undefined {
  return c.rows.find((r) => r.key === key)!.diffs[1]?.verdict
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`
}
