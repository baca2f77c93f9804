import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { compareColumns } from '../bench/compare-local/compare-table.ts'
import { formatMs } from '../src/report/format.ts'
import { buildSummary } from '../src/report/summary.ts'
import { LOCAL_RUNTIMES, unavailable } from '../src/local-runtimes/runtimes.ts'
import { FIXED_META, fixedRunMetrics } from './fixtures/report/fixed-run.ts'
import { ROOT } from './helpers/store-run.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('compare-local', { deadline: 600 })

const run = promisify(execFile)

/** A table row's cells, split where two or more spaces separate them. */
const cells = (lines: string[], label: string) => lines.find((l) => l.trimStart().startsWith(label))!.trim().slice(label.length).trim().split(/\s{2,}/)

/** The `Stores:` list under the table: runtime -> store. */
function stores(lines: string[]): Record<string, string> {
  const start = lines.indexOf('Stores:')
  const entries: [string, string][] = []
  for (const line of lines.slice(start + 1)) {
    const match = /^  (\S+)\s{2,}(.+)$/.exec(line)
    if (!match) break
    entries.push([match[1]!, match[2]!])
  }
  return Object.fromEntries(entries)
}

test('the table is a compare of the measured runtimes: a column each, the change against the first, the store', () => {
  const summary = buildSummary(fixedRunMetrics(), FIXED_META)
  const { comparison, lines } = compareColumns([
    { runtime: 'node', store: 'sqlite (better-sqlite3)', summary },
    { runtime: 'deno', missing: 'deno cannot run: ENOENT' },
    { runtime: 'bun', store: 'sqlite (bun:sqlite)', summary },
  ])
  assert.equal(comparison!.runs.map((r) => r.label), ['node', 'bun'])
  assert.equal(lines[0]!.trim().split(/\s{2,}/), ['node', 'bun', 'vs node'])
  assert.equal(cells(lines, 'Requests'), ['7400', '7400', '+0.0%'])
  assert.equal(cells(lines, 'Successful'), ['7391', '7391', '+0.0%'])
  assert.equal(cells(lines, 'Throughput (req/s)'), ['4034.9', '4034.9', '+0.0%', 'too short to judge'])
  const p99 = formatMs(summary.overall.latency.p99)
  assert.equal(cells(lines, 'p99 (ms)'), [p99, p99, '+0.0%', 'too short to judge'])
  assert.equal(stores(lines), { node: 'sqlite (better-sqlite3)', bun: 'sqlite (bun:sqlite)' })
  assert.ok(lines.includes('  deno: not measured: deno cannot run: ENOENT'))
  assert.ok(lines.some((l) => l.startsWith('Method: one run a side: moving-block bootstrap')))
})

test('no runtime measured: a line saying so and why', () => {
  const { comparison, lines } = compareColumns([{ runtime: 'bun', missing: 'bun cannot run: ENOENT' }])
  assert.is(comparison, undefined)
  assert.equal(lines, ['No runtime was measured.', '  bun: not measured: bun cannot run: ENOENT'])
})

test('the local Lambda\'s environments under the table: cold starts with their init, 429s at the limit', () => {
  const summary = buildSummary(fixedRunMetrics(), FIXED_META)
  const environments = { coldStarts: 3, initMs: [300, 410, 520], throttled: 12, timeouts: 0, errors: 0, peak: 3, limit: 3 }
  const { lines } = compareColumns([
    { runtime: 'node', store: 'sqlite (better-sqlite3)', summary },
    { runtime: 'lambda', store: 'sqlite (node:sqlite), one per environment', summary, environments },
  ])
  const at = lines.indexOf('Cold starts and init:')
  assert.equal(lines.slice(at, at + 3), [
    'Cold starts and init:',
    '  node    one process started before the run (its init is not part of any request)',
    '  lambda  3 environments started during the run (init median 410 ms, max 520 ms), at most 3 at once; 12 requests answered 429 at the concurrency limit of 3',
  ])
})

test('npm run compare:local drives peak.ts against every runtime, Lambda included, prints the comparison, writes --out and --html', async () => {
  const dir = tempDir('edgeload-compare-local-')
  try {
    const args = ['--import', 'tsx', 'bench/compare-local.ts', '--threads', '2', '--iterations', '3', '--out', dir.file('out.json'), '--html', dir.file('compare.html')]
    const { stdout } = await run(process.execPath, args, { cwd: ROOT, timeout: 120_000 })
    const measured = LOCAL_RUNTIMES.filter((r) => !unavailable(r))
    const lines = stdout.split('\n')
    const header = lines.find((l) => new RegExp(`^\\s+${measured.join('\\s{2,}.*')}`).test(l))
    assert.equal(header?.trim().split(/\s{2,}/), [measured[0], ...measured.slice(1).flatMap((r) => [r, `vs ${measured[0]}`])], stdout)
    const written = JSON.parse(readFileSync(dir.file('out.json'), 'utf8'))
    const row = (key: string) => written.comparison.rows.find((r: { key: string }) => r.key === key).values
    assert.equal(written.comparison.runs.map((r: { label: string }) => r.label), measured)
    // peak.ts with 2 threads: phases of 1, 1, 2 and 1 threads x 3 iterations x 2 requests.
    assert.equal(row('requests'), measured.map(() => 30))
    assert.equal(row('successful'), measured.map(() => 30))
    // A server's first answer; the local Lambda's environments: one, or two when the 2 threads of the third phase overlap.
    const cold = row('coldStarts') as number[]
    measured.forEach((r, i) => assert.ok(r === 'lambda' ? cold[i] === 1 || cold[i] === 2 : cold[i] === 1, `${r}: ${cold[i]} cold starts`))
    const lambda = measured.indexOf('lambda')
    if (lambda >= 0) assert.match(stdout, new RegExp(`\\n  lambda\\s+${cold[lambda]} environments started during the run \\(init median \\d+ ms, max \\d+ ms\\), at most ${cold[lambda]} at once\\n`))
    const expected = { node: 'sqlite (better-sqlite3)', lambda: 'sqlite (node:sqlite), one per environment', deno: 'sqlite (node:sqlite)', bun: 'sqlite (bun:sqlite)', workerd: 'd1' }
    assert.equal(stores(lines), Object.fromEntries(measured.map((r) => [r, expected[r]])))
    assert.match(readFileSync(dir.file('compare.html'), 'utf8'), /^<!doctype html>/i)
    assert.match(stdout, new RegExp(`Comparison page written to ${dir.file('compare.html').replace(/[.\\/]/g, '\\$&')}`))
  } finally {
    dir.remove()
  }
})

test.run()
