import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { suite } from './helpers/suite.ts'
import { httpServer, type CountingServer } from './helpers/load-servers.ts'
import { influxdMissing, startInfluxd, type MetricStore } from './helpers/metric-stores.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('outputs: influxdb', { deadline: 300, missing: influxdMissing() })

const SCENARIO = fileURLToPath(new URL('./fixtures/scenarios/outputs-mix.ts', import.meta.url))

let server: CountingServer
let influx: MetricStore

test.before(async () => {
  server = await httpServer()
  influx = await startInfluxd()
})

test.after(async () => {
  await server?.close()
  await influx?.stop()
})

async function select(db: string, q: string): Promise<unknown[][]> {
  const response = await fetch(`${influx.url}/query?${new URLSearchParams({ db, q })}`)
  const body = await response.json() as { results: { series?: { values: unknown[][] }[]; error?: string }[] }
  const result = body.results[0]!
  if (result.error) throw new Error(`${q}: ${result.error}`)
  return result.series?.[0]?.values ?? []
}

test('every sample lands in InfluxDB (database made), tagged; count and a quantile match the summary', async () => {
  const dir = tempDir()
  try {
    const ran = await runRunner([
      '--scenario', SCENARIO, '--target', server.url, '--no-save',
      '--out', `influxdb=${influx.url}/edgeload_test`, '--out', dir.file('run.json'),
    ])
    assert.is(ran.code, 0, ran.stderr)
    assert.match(ran.stdout, /Output influxdb=\S+: \d+ points written, 0 dropped/)
    const summary = JSON.parse(readFileSync(dir.file('run.json'), 'utf8'))
    const [[, count]] = await select('edgeload_test', 'SELECT count("value") FROM "http_reqs"') as [[string, number]]
    assert.is(count, summary.overall.requests)
    const [[, posts]] = await select('edgeload_test', `SELECT count("value") FROM "http_req_duration" WHERE "method"='POST' AND "kind"='write' AND "team"='edge' AND "status"='200'`) as [[string, number]]
    assert.is(posts, summary.overall.requests / 2)
    // Exact values against the summary's histogram (3 significant digits): within 1%.
    const [[, max]] = await select('edgeload_test', 'SELECT max("value") FROM "http_req_duration"') as [[string, number]]
    assert.ok(Math.abs(max - summary.overall.latency.max) <= summary.overall.latency.max * 0.01 + 0.001, `${max} vs ${summary.overall.latency.max}`)
    const [[, p99]] = await select('edgeload_test', 'SELECT percentile("value", 99) FROM "http_req_duration"') as [[string, number]]
    assert.ok(Math.abs(p99 - summary.overall.latency.p99) <= summary.overall.latency.p99 * 0.01 + 0.001, `${p99} vs ${summary.overall.latency.p99}`)
    const [[, checks]] = await select('edgeload_test', `SELECT sum("value") FROM "checks" WHERE "check"='status is 200'`) as [[string, number]]
    assert.is(checks, summary.checks[0].passes)
    const vus = await select('edgeload_test', 'SELECT max("value") FROM "vus"')
    assert.ok(vus.length === 1)
  } finally {
    dir.remove()
  }
})

test.run()
