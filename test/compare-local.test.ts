import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compareTable } from '../bench/compare-local/compare-table.ts'
import type { Summary } from '../src/report/summary.ts'
import { LOCAL_RUNTIMES, unavailable } from '../src/local-runtimes/runtimes.ts'
import { ROOT } from './helpers/store-run.ts'

const run = promisify(execFile)

function summary(requests: number, wallMs: number): Summary {
  const latency = { count: requests, mean: 0.5, stddev: 0.1, min: 0.1, p50: 0.4, p90: 0.8, p95: 0.9, p99: 1.7, p999: 2, max: 3 }
  return { wallMs, overall: { requests, successful: requests - 1, throughput: requests / (wallMs / 1000), coldStarts: 1, latency } } as unknown as Summary
}

const cells = (lines: string[], label: string) => lines.find((l) => l.trimStart().startsWith(label))!.trim().slice(label.length).trim().split(/\s{2,}/)

test('the table has one column per runtime and the seed report\'s figures as rows', () => {
  const lines = compareTable([
    { runtime: 'node', store: 'sqlite (better-sqlite3)', summary: summary(7400, 1834) },
    { runtime: 'deno', missing: 'deno cannot run: ENOENT' },
  ])
  assert.equal(lines[0].trim().split(/\s+/), ['node', 'deno'])
  assert.equal(cells(lines, 'Requests'), ['7400', '-'])
  assert.equal(cells(lines, 'Successful'), ['7399', '-'])
  assert.equal(cells(lines, 'Wall time (ms)'), ['1834', '-'])
  assert.equal(cells(lines, 'Throughput (req/s)'), ['4034.9', '-'])
  assert.equal(cells(lines, 'Median (ms)'), ['0.400', '-'])
  assert.equal(cells(lines, 'p99 (ms)'), ['1.700', '-'])
  assert.equal(cells(lines, 'Cold starts'), ['1', '-'])
  assert.ok(lines.includes('  deno: not measured: deno cannot run: ENOENT'))
})

test('npm run compare:local drives peak.ts against all four runtimes and prints the table', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/compare-local.ts', '--threads', '2', '--iterations', '3'], { cwd: ROOT, timeout: 120_000 })
  const lines = stdout.split('\n')
  const header = lines.find((l) => /^\s+node\s+deno\s+bun\s+workerd\s*$/.test(l))
  assert.ok(header, `a column per runtime:\n${stdout}`)
  // peak.ts with 2 threads: phases of 1, 1, 2 and 1 threads x 3 iterations x 2 requests.
  const measured = LOCAL_RUNTIMES.map((r) => (unavailable(r) ? '-' : '30'))
  assert.equal(cells(lines, 'Requests'), measured)
  assert.equal(cells(lines, 'Successful'), measured)
  assert.equal(cells(lines, 'Cold starts'), measured.map((m) => (m === '-' ? '-' : '1')), 'the first answer of each fresh server')
  const stores = ['sqlite (better-sqlite3)', 'sqlite (node:sqlite)', 'sqlite (bun:sqlite)', 'd1']
  assert.equal(cells(lines, 'Store'), stores.map((store, i) => (measured[i] === '-' ? '-' : store)))
})

test.run()
