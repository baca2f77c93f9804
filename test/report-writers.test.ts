import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeSeriesCsv } from '../src/report/csv-writer.ts'
import { writeSummaryJson } from '../src/report/json-writer.ts'
import { buildSummary } from '../src/report/summary.ts'
import { tempDir } from './helpers/temp-dir.ts'
import { FIXED_META, fixedRunMetrics } from './fixtures/report/fixed-run.ts'

const test = suite('report-writers', { deadline: 120 })

const temp = tempDir('edgeload-report-')
const dir = temp.path
const summary = buildSummary(fixedRunMetrics(), FIXED_META)

test('writeSummaryJson writes the whole summary as JSON, creating the folder', () => {
  const file = join(dir, 'nested', 'summary.json')
  writeSummaryJson(file, summary)
  const written = JSON.parse(readFileSync(file, 'utf8'))
  assert.equal(written, JSON.parse(JSON.stringify(summary)))
  assert.is(written.schema, 'edgeload.summary/2')
  assert.is(written.startedAt, '2024-03-01T19:04:42.000Z')
  assert.is(written.overall.requests, 7400)
  assert.is(written.overall.latency.p99, summary.overall.latency.p99)
  assert.equal(written.phases.map((p: { name: string }) => p.name), ['Warmup', 'Loading', 'Peak', 'Cooldown', 'Burst'])
})

/** Every number in a value, with its path. */
function numbers(value: unknown, path = '$'): [string, number][] {
  if (typeof value === 'number') return [[path, value]]
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, inner]) => numbers(inner, `${path}.${key}`))
}

test('the summary has its documented top-level fields and only finite numbers', () => {
  const fields = ['schema', 'scenario', 'target', 'startedAt', 'environment', 'protocols', 'seed', 'wallMs', 'interrupted', 'stoppedBy', 'form', 'threads', 'iterations', 'overall',
    'statusClasses', 'phases', 'scenarios', 'endpoints', 'errors', 'checks', 'iterationErrorMessages', 'thresholds', 'thresholdsOk', 'metrics', 'series']
  assert.equal(Object.keys(summary), fields)
  assert.equal(numbers(summary).filter(([, n]) => !Number.isFinite(n)), [])
})

test('writeSeriesCsv writes the header and one row per second', () => {
  const file = join(dir, 'series.csv')
  writeSeriesCsv(file, summary)
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
  assert.is(lines[0], 'second,requests,errors,p50_ms,p99_ms,vus')
  const rows = lines.slice(1).map((line) => line.split(',').map(Number))
  assert.equal(rows.map((r) => r[0]), summary.series.map((_, second) => second))
  assert.is(rows.reduce((total, r) => total + r[1], 0), 7400)
  assert.is(rows.reduce((total, r) => total + r[2], 0), 9)
  for (const [, requests, , p50, p99] of rows) {
    assert.ok(requests === 0 || (p50 > 0 && p99 >= p50), `p50 ${p50} p99 ${p99}`)
  }
})

test.after(() => temp.remove())

test.run()
