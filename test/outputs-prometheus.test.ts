import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { suite } from './helpers/suite.ts'
import { httpServer, type CountingServer } from './helpers/load-servers.ts'
import { prometheusMissing, startPrometheus, type MetricStore } from './helpers/metric-stores.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('outputs: prometheus remote write', { deadline: 300, missing: prometheusMissing() })

const SCENARIO = fileURLToPath(new URL('./fixtures/scenarios/outputs-mix.ts', import.meta.url))
const DASHBOARD = fileURLToPath(new URL('../grafana/edgeload-prometheus.json', import.meta.url))

let server: CountingServer
let prometheus: MetricStore
let summary: any
let runOutput = ''

test.before(async () => {
  server = await httpServer()
  prometheus = await startPrometheus()
  const dir = tempDir()
  try {
    // Long enough (4 s, a push a second) for rate() to have several samples.
    const ran = await runRunner([
      '--scenario', SCENARIO, '--target', server.url, '--duration', '4s', '--no-save',
      '--out', `prometheus=${prometheus.url}/api/v1/write`, '--out', dir.file('run.json'),
    ], { env: { K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s' } })
    if (ran.code !== 0) throw new Error(`runner exited ${ran.code}:\n${ran.stdout}\n${ran.stderr}`)
    runOutput = ran.stdout + ran.stderr
    summary = JSON.parse(readFileSync(dir.file('run.json'), 'utf8'))
  } finally {
    dir.remove()
  }
})

test.after(async () => {
  await server?.close()
  await prometheus?.stop()
})

async function query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`${prometheus.url}/api/v1/query?${new URLSearchParams({ query: expr })}`)
  const body = await response.json() as { status: string; data: { result: any[] }; error?: string }
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`)
  return body.data.result
}

test('the run\'s request count and a latency quantile in Prometheus match the summary', async () => {
  assert.match(runOutput, /Output prometheus=\S+: \d+ points written, 0 dropped/)
  const [requests] = await query('sum(k6_http_reqs_total)')
  assert.ok(summary.overall.requests > 0)
  assert.is(Number(requests!.value[1]), summary.overall.requests)
  // One series per endpoint here (every answer 200): its whole-run p99 is the summary's, in seconds.
  const get = summary.endpoints.find((e: any) => e.method === 'GET')
  const [p99] = await query('k6_http_req_duration_p99{method="GET",name="/myresource"}')
  assert.ok(Math.abs(Number(p99!.value[1]) * 1000 - get.latency.p99) <= get.latency.p99 * 0.01 + 0.001, `${p99!.value[1]} s vs ${get.latency.p99} ms`)
  const [checks] = await query('k6_checks_rate{check="status is 200"}')
  assert.is(Number(checks!.value[1]), 1)
  const [steps] = await query('sum(k6_steps_written_total)')
  assert.is(Number(steps!.value[1]), summary.overall.iterations * 2)
  const labels = (await query('k6_http_reqs_total{method="POST"}'))[0]!.metric
  assert.equal({ ...labels, __name__: undefined }, { __name__: undefined, kind: 'write', team: 'edge', scenario: 'default', phase: 'Peak', name: '/myresource', method: 'POST', status: '200', expected_response: 'true' })
})

test('every PromQL query of the shipped Grafana dashboard finds data', async () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8'))
  const exprs: string[] = dashboard.panels.flatMap((panel: any) => panel.targets.map((target: any) => target.expr))
  assert.ok(exprs.length >= 10)
  for (const expr of exprs) {
    const result = await query(expr.replaceAll('$__rate_interval', '1m'))
    assert.ok(result.length > 0, `no data for ${expr}`)
  }
})

test.run()
