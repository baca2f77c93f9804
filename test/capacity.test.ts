// `node runner capacity` as a user runs it, against servers whose limits are known: one that serves
// at most 500 requests a second whatever the machine's load (fixed-rate-server.ts), and a trivial
// one behind a generator whose own scenario work saturates it first.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Summary } from '../src/report/summary-types.ts'
import { formatMs } from '../src/report/format.ts'
import { startFixedRateServer } from './helpers/fixed-rate-server.ts'
import { browserTest, findChromium, inkedPixels, launchChromium, openReport } from './helpers/html-browser.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('capacity', { deadline: 600 })

const SERVICE_MS = 2
const SERVER_RATE = 1000 / SERVICE_MS
/**
 * The objective of the knee test. Above the server's rate r its queue grows, so a 10 s step's
 * last requests wait (r / SERVER_RATE - 1) x 10 s: p(99) < 1 s fails every step more than 10%
 * over (the knee lies within +10%). Below it the server never queues, and only a stall of the
 * loaded machine itself delays requests: one shorter than about 1 s (the limit, plus the 1% of a
 * step p(99) leaves out) still holds. A 200 ms limit would fail steps well below the server's
 * rate whenever the machine stalls a fifth of a second (seen at load average 18).
 */
const KNEE_SLO = 'p(99)<1s,error_rate<1%'
const chromiumPath = findChromium()
const dir = tempDir('edgeload-capacity-')
/** The knee run's files, read again by the report tests below. */
const files = { json: dir.file('capacity.json'), html: dir.file('capacity.html') }
let kneeSummary: Summary | undefined

test.after(() => dir.remove())

test(`finds the knee of a server that sustains ${SERVER_RATE}/s within ±15%, bracketed by the rates that held and failed`, async () => {
  const server = await startFixedRateServer(SERVICE_MS)
  try {
    const { code, stdout, stderr } = await runRunner([
      'capacity', '--scenario', 'test/fixtures/capacity/get.ts', '--target', server.url, '--slo', KNEE_SLO,
      '--start-rate', '300', '--out', files.json, '--html', files.html,
    ], { timeoutMs: 240_000 })
    assert.is(code, 0, stdout + stderr)
    const summary = (kneeSummary = JSON.parse(readFileSync(files.json, 'utf8')) as Summary)
    const capacity = summary.capacity!
    assert.is(capacity.verdict, 'knee', capacity.message)
    const knee = capacity.capacity!
    assert.ok(Math.abs(knee / SERVER_RATE - 1) <= 0.15, `knee ${knee}/s, the server sustains ${SERVER_RATE}/s`)
    // How sure: the rate that held and the first that failed, with their figures.
    assert.is(capacity.held!.rate, knee)
    assert.ok(capacity.failed!.rate > knee)
    assert.ok(capacity.uncertainty! <= 0.1 + 1e-9)
    assert.ok(capacity.held!.objectives.every((o) => o.ok))
    assert.ok(capacity.failed!.objectives.some((o) => !o.ok))
    assert.not.ok(capacity.failed!.generatorSaturated, 'the target saturated, not the generator')
    // Each step at least compare's 10 whole seconds, and each a phase of the summary.
    for (const step of capacity.steps) {
      assert.ok(step.seconds >= 10, `${step.phase}: ${step.seconds} s`)
      assert.ok(summary.phases.some((p) => p.name === step.phase))
    }
    // The server never answered faster than it can: an overloaded step is answered at about its rate.
    const overloaded = capacity.steps.filter((s) => s.rate > SERVER_RATE * 1.1)
    for (const step of overloaded) assert.ok(step.throughput <= SERVER_RATE * 1.05, `${step.phase}: ${step.throughput}/s answered`)
    assert.ok(server.served() >= summary.overall.successful)
    assert.match(stdout, /Capacity: capacity \d+ iterations\/s/)
    assert.match(stdout, /last rate that held: +\d+\/s offered/)
    assert.match(stdout, /first rate that failed: \d+\/s offered/)
    assert.match(stdout, /Saved as run \d+/)
  } finally {
    await server.close()
  }
})

test('the search is kept in the history like any run: report last prints it again', async () => {
  assert.ok(kneeSummary, 'the knee run ran')
  const { code, stdout } = await runRunner(['report', 'last'], { timeoutMs: 30_000 })
  assert.is(code, 0)
  assert.match(stdout, /Capacity search \(objective p\(99\)<1s, error_rate<1%; each step 10 s/)
  assert.ok(stdout.includes(`Capacity: ${kneeSummary!.capacity!.message}`))
})

browserTest(test, chromiumPath)('the HTML report draws latency and errors against offered load, one point a step, and the steps table', async () => {
  assert.ok(kneeSummary, 'the knee run ran')
  const capacity = kneeSummary!.capacity!
  const browser = await launchChromium(chromiumPath!)
  try {
    const { page, errors } = await openReport(browser, files.html)
    assert.equal(errors, [])
    const charts = await page.evaluate(() => (window as unknown as { __edgeload: { charts: { id: string; kind: string; series: string[]; data: number[][] }[] } }).__edgeload.charts)
    const chart = charts.find((c) => c.kind === 'capacity')!
    const byRate = [...capacity.steps].sort((a, b) => a.rate - b.rate)
    assert.equal(chart.series, ['p50 ms', 'p90 ms', 'p99 ms', 'errors %'])
    assert.equal(chart.data[0], byRate.map((s) => s.rate))
    assert.equal(chart.data[3], byRate.map((s) => s.p99Ms))
    assert.equal(chart.data[4], byRate.map((s) => s.errorRate * 100))
    // The hockey stick: the failed step's p99 far above the held one's.
    assert.ok(capacity.failed!.p99Ms > capacity.held!.p99Ms)
    const inked = await inkedPixels(page)
    assert.ok(inked['chart-capacity']! > 500, `${inked['chart-capacity']} inked pixels`)
    assert.is(await page.getAttribute('#capacity-verdict', 'data-value'), String(capacity.capacity))
    const rows = await page.$$eval('#capacity-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td[data-key]')].map((td) => td.textContent)))
    assert.equal(rows.map((r) => [r[0], r[1], r[5]]), capacity.steps.map((s) => [s.phase, String(s.rate), formatMs(s.p99Ms)]))
  } finally {
    await browser.close()
  }
})

test('against a target faster than the generator it says the generator saturated and reports no capacity (exit 1)', async () => {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.end('ok'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    const out = dir.file('generator.json')
    // Each arrival keeps the generator's loop busy 5 ms: it cannot start more than about 200/s.
    const { code, stdout, stderr } = await runRunner([
      'capacity', '--scenario', 'test/fixtures/capacity/heavy-generator.ts', '--target', url, '--env', 'BUSY_MS=5',
      '--start-rate', '400', '--out', out, '--no-save',
    ], { timeoutMs: 120_000 })
    assert.is(code, 1, stdout + stderr)
    const capacity = (JSON.parse(readFileSync(out, 'utf8')) as Summary).capacity!
    assert.is(capacity.verdict, 'generator saturated')
    assert.is(capacity.capacity, null)
    const last = capacity.steps.at(-1)!
    assert.is(last.held, false)
    assert.ok(last.generatorSaturated)
    assert.ok(last.generator.loopBusy >= 0.9, `event loop busy ${last.generator.loopBusy}`)
    assert.match(stdout, /Capacity: no capacity: the generator saturated at 400\/s/)
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

test('a malformed --slo is a usage error naming each problem (exit 2), before any load', async () => {
  const { code, stdout, stderr } = await runRunner([
    'capacity', '--scenario', 'test/fixtures/capacity/get.ts', '--target', 'http://127.0.0.1:9', '--slo', 'p99<200ms,error_rate<150%,avg<5',
  ], { timeoutMs: 30_000 })
  assert.is(code, 2, stdout + stderr)
  assert.match(stderr, /--slo "p99<200ms,error_rate<150%,avg<5" is not a service-level objective/)
  assert.match(stderr, /did you mean p\(99\)\?/)
  assert.match(stderr, /error_rate limit "150%"/)
  assert.match(stderr, /avg limit "5" needs a unit/)
  assert.not.match(stderr, /at .*\.ts:\d+/, 'no stack trace')
  assert.is(stdout, '')
})

test.run()
