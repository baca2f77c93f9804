/**
 * The k6 corpus (test/fixtures/k6/): each script in k6's documented style is converted with the
 * converter `node runner convert` uses, loaded with the runner's own loader and run against the
 * local handler (the embedded target, a real socket); the counts are the ones k6 gives for the
 * script. Scripts that cannot be converted are refused naming the line; a k6-shaped async module
 * runs directly with the same counts.
 */
import * as assert from 'uvu/assert'
import { readFileSync, writeFileSync } from 'node:fs'
import { convertK6Script } from '../src/k6/convert/convert.ts'
import { startEmbeddedTarget, type EmbeddedTarget } from '../src/load/embedded-target.ts'
import { loadScenario } from '../src/load/scenario-load.ts'
import type { Summary } from '../src/report/summary.ts'
import { runAgainst, type EngineRun } from './helpers/engine-run.ts'
import { runRunner } from './helpers/runner-child.ts'
import { suite } from './helpers/suite.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('k6 corpus', { deadline: 180 })

const FIXTURES = new URL('./fixtures/k6/', import.meta.url)
const dir = tempDir('edgeload-k6-')
let target: EmbeddedTarget

test.before(async () => {
  target = await startEmbeddedTarget()
  process.env.BASE_URL = target.url
})

test.after(async () => {
  await target?.close()
  dir.remove()
})

/** Converts the script (no problem that keeps it from running), writes it (`ext`), loads and runs it. */
async function convertAndRun(name: string, ext = '.mjs'): Promise<EngineRun> {
  const conversion = convertK6Script(readFileSync(new URL(name, FIXTURES), 'utf8'), name)
  assert.ok(conversion.ok, `${name}: ${JSON.stringify(conversion.problems)}`)
  const file = dir.file(name.replace(/\.js$/, ext))
  writeFileSync(file, conversion.code)
  const { scenario, exports } = await loadScenario(file)
  return runAgainst(target.url, scenario, { exports })
}

function checksOf(summary: Summary): Record<string, [number, number]> {
  return Object.fromEntries(summary.checks.map((c) => [c.name, [c.passes, c.fails]]))
}

function thresholdsPassed(run: EngineRun): void {
  assert.ok(run.summary.thresholdsOk, JSON.stringify(run.summary.thresholds.filter((t) => !t.ok)))
}

test('hello: 1 VU, 1 iteration, one check (k6: iterations 1, http_reqs 1)', async () => {
  const { summary } = await convertAndRun('hello.js', '.ts') // a .ts outside the repo: tsx loads it as CommonJS
  assert.is(summary.overall.iterations, 1)
  assert.is(summary.overall.requests, 1)
  assert.equal(checksOf(summary), { 'status is 200': [1, 0] })
})

test('vus + iterations is shared-iterations: 12 iterations in all, not 12 per VU', async () => {
  const { summary } = await convertAndRun('shared-iterations.js')
  assert.is(summary.overall.iterations, 12)
  assert.is(summary.overall.requests, 12)
  assert.is(summary.phases[0]!.executor, 'shared-iterations')
})

test('per-vu-iterations: 2 VUs x 5 iterations x 2 requests', async () => {
  const { summary } = await convertAndRun('per-vu-iterations.js')
  assert.is(summary.overall.iterations, 10)
  assert.is(summary.overall.requests, 20)
  assert.is(summary.overall.successful, 20)
})

test('stages is ramping-vus: one request per iteration, at most 3 VUs', async () => {
  const { summary } = await convertAndRun('stages.js')
  assert.ok(summary.overall.iterations > 0)
  assert.is(summary.overall.requests, summary.overall.iterations)
  assert.is(summary.phases[0]!.executor, 'ramping-threads')
  assert.ok(summary.phases[0]!.threads <= 3, `threads ${summary.phases[0]!.threads}`)
})

test('constant-arrival-rate: 20 a second for 1 s is 20 iterations, none dropped', async () => {
  const { summary } = await convertAndRun('constant-arrival-rate.js')
  assert.is(summary.overall.iterations, 20)
  assert.is(summary.overall.requests, 20)
  assert.is(summary.overall.droppedIterations, 0)
})

test('ramping-arrival-rate: 0 to 20 a second over 1 s is 10 iterations', async () => {
  const { summary } = await convertAndRun('ramping-arrival-rate.js')
  assert.is(summary.overall.iterations + summary.overall.droppedIterations, 10)
  assert.is(summary.overall.requests, summary.overall.iterations)
})

test('scenarios with exec and tags: 6 reads and 4 writes, per-scenario thresholds pass', async () => {
  const run = await convertAndRun('scenarios-exec.js')
  assert.is(run.summary.overall.requests, 10)
  assert.equal(run.summary.scenarios.map((s) => [s.name, s.requests]).sort(), [['readers', 6], ['writers', 4]])
  thresholdsPassed(run)
})

test('thresholds cut by name and status: 4 answers 200, 4 answers 404', async () => {
  const run = await convertAndRun('thresholds-tags.js')
  assert.is(run.summary.overall.requests, 8)
  thresholdsPassed(run)
})

test('nested groups tag requests and checks ::outer and ::outer::inner', async () => {
  const run = await convertAndRun('groups.js')
  assert.is(run.summary.overall.requests, 6)
  assert.equal(checksOf(run.summary), { 'length 3': [3, 0] })
  thresholdsPassed(run)
})

test('checks: each named check counted passed or failed, checks rate 0.5', async () => {
  const run = await convertAndRun('checks.js')
  assert.equal(checksOf(run.summary), { 'is 200': [4, 0], 'is 418': [0, 4] })
  thresholdsPassed(run)
})

test('check tags: thresholds select checks by the tags in the third argument of check(), converted and run directly', async () => {
  const converted = convertK6Script(readFileSync(new URL('check-tags.js', FIXTURES), 'utf8'), 'check-tags.js')
  assert.equal(converted.problems, [])
  assert.match(converted.code, /ctx\.check\(res, \{ 'is 200': \(r\) => r\.status === 200 \}, \{ kind: 'answer' \}\)/)
  const { scenario, exports } = await loadScenario(new URL('check-tags.js', FIXTURES).pathname)
  for (const run of [await convertAndRun('check-tags.js'), await runAgainst(target.url, scenario, { exports })]) {
    assert.equal(checksOf(run.summary), { 'is 200': [4, 0], 'is 418': [0, 4] })
    assert.equal(run.summary.thresholds.map((t) => [t.metric, t.actual, t.ok]), [['checks{kind:answer}', 1, true], ['checks{kind:teapot}', 0, true], ['checks', 0.5, true]])
  }
})

test('custom metrics of every kind, with their tags and the scenario k6 adds', async () => {
  const run = await convertAndRun('custom-metrics.js')
  assert.is(run.summary.overall.requests, 6)
  assert.is(run.summary.metrics.corpus_posted?.values.count, 6)
  thresholdsPassed(run)
})

test('setup data: each VU its own copy, teardown the original; setup requests are not counted', async () => {
  const run = await convertAndRun('setup-data.js')
  assert.is(run.summary.overall.requests, 4)
  assert.equal(checksOf(run.summary), { 'posted': [4, 0], 'setup saw node': [4, 0], 'own copy': [4, 0] })
  assert.is(run.teardownError, undefined)
})

test('responseCallback: expected statuses decide http_req_failed and the expected_response tag', async () => {
  const run = await convertAndRun('expected-response.js')
  assert.is(run.summary.overall.requests, 6)
  assert.is(run.summary.metrics.http_req_failed?.values.rate, 2 / 6)
  thresholdsPassed(run)
})

test('gracefulStop: iterations cut are interrupted, apart from complete ones (iterations count==0), their sleep cut with them', async () => {
  const run = await convertAndRun('graceful-stop.js')
  assert.is(run.summary.overall.iterations, 0)
  assert.is(run.summary.overall.interruptedIterations, 2)
  assert.is(run.summary.phases[0]!.interruptedIterations, 2)
  assert.ok(run.summary.wallMs < 30_000, `the run waited for the 30 s sleep: ${run.summary.wallMs} ms`)
  thresholdsPassed(run)
})

test('iteration errors: each distinct message with its count and first line in the script', async () => {
  const file = new URL('iteration-errors.js', FIXTURES).pathname
  const { scenario, exports } = await loadScenario(file)
  const run = await runAgainst(target.url, scenario, { exports })
  const byMessage = Object.fromEntries((run.summary.iterationErrorMessages ?? []).map((e) => [e.message.split(':')[0] + ':' + e.message.split(':')[1], e]))
  assert.is(run.summary.overall.iterationErrors, 7)
  assert.is(byMessage['Error: odd iteration']?.count, 3)
  assert.match(byMessage['Error: odd iteration']!.at, /test\/fixtures\/k6\/iteration-errors\.js:9:/)
  const jar = run.summary.iterationErrorMessages!.find((e) => e.message.includes('"jar"'))!
  assert.is(jar.count, 1)
  assert.match(jar.at, /iteration-errors\.js:8:/) // the script's call, not the runner's request-options.ts
  const typeError = run.summary.iterationErrorMessages!.find((e) => e.message.startsWith('TypeError'))!
  assert.is(typeError.count, 3)
  assert.match(typeError.at, /iteration-errors\.js:11:/)
})

test('k6 built-in metrics: iteration and group durations, request timings, vus and vus_max, in thresholds and the JSON', async () => {
  const run = await convertAndRun('builtin-metrics.js')
  thresholdsPassed(run)
  const m = run.summary.metrics
  assert.is(m.iteration_duration?.type, 'trend')
  assert.ok(m.iteration_duration!.values.min! >= 10, JSON.stringify(m.iteration_duration))
  assert.ok(m.group_duration!.values.min! >= 10)
  for (const name of ['http_req_blocked', 'http_req_sending', 'http_req_connecting', 'http_req_waiting', 'http_req_receiving']) {
    assert.ok(m[name] !== undefined, `${name} in the summary`)
  }
  assert.equal(m.vus_max?.values, { value: 2, min: 2, max: 2 })
  assert.ok(m.vus!.values.max! <= 2)
})

test('a threshold on an unknown metric or a tag no sample carries is refused before the run, exit 2', async () => {
  const { code, stdout, stderr } = await runRunner(['--scenario', 'test/fixtures/k6/unknown-threshold.js', '--no-save'], { env: { BASE_URL: target.url } })
  assert.is(code, 2)
  assert.is(stdout, '')
  assert.match(stderr, /unknown metric "http_req_durations"/)
  assert.match(stderr, /http_req_duration\{url:http:\/\/x\/\}: tag "url": requests are named by `name`/)
  assert.match(stderr, /checks\{method:GET\}: tag "method": checks samples do not carry it/)
  assert.match(stderr, /tag "expected_response" is true or false, got "yes"/)
})

test('teardown() that throws: the report is printed, then exit 1 (k6 exits non-zero too)', async () => {
  const { code, stdout, stderr } = await runRunner(['--scenario', 'test/fixtures/k6/teardown-throws.js', '--no-save'], { env: { BASE_URL: target.url } })
  assert.is(code, 1, stderr)
  assert.match(stdout, /Total number of requests sent: 1$/m)
  assert.match(stderr, /teardown\(\) failed: Error: cleanup failed/)
})

test('a synchronous setup() that makes a request, run directly: exit 1 naming it (its request would not be awaited); converted, it runs', async () => {
  const { code, stderr } = await runRunner(['--scenario', 'test/fixtures/k6/sync-setup.js', '--no-save'], { env: { BASE_URL: target.url } })
  assert.is(code, 1, stderr)
  assert.match(stderr, /setup\(\) is not an async function: http\.get\(\) returns a promise here, which it would not await; make setup\(\) async/)
  const converted = await convertAndRun('sync-setup.js')
  assert.is(converted.summary.overall.iterations, 1)
  assert.is(converted.summary.overall.iterationErrors, 0)
  const noRequest = dir.file('sync-setup-data.js')
  writeFileSync(noRequest, "export const options = { vus: 1, iterations: 2 }\nexport function setup() { return { n: 7 } }\nexport default async function (data) { if (data.n !== 7) throw new Error('no data') }\n")
  const { scenario, exports } = await loadScenario(noRequest)
  const direct = await runAgainst(target.url, scenario, { exports })
  assert.is(direct.summary.overall.iterations, 2)
  assert.is(direct.summary.overall.iterationErrors, 0)
})

test('http.batch: three requests an iteration, answers in order', async () => {
  const { summary } = await convertAndRun('batch.js')
  assert.is(summary.overall.requests, 6)
  assert.equal(checksOf(summary), { 'batch post': [2, 0] })
})

test('__ENV, __VU and __ITER: each VU its own user, totals 1, 3, 6', async () => {
  const { summary } = await convertAndRun('env-vu-iter.js')
  assert.is(summary.overall.requests, 12)
  assert.equal(checksOf(summary), { 'total so far': [6, 0] })
})

test('helpers using http and check get the thread\'s http and ctx', async () => {
  const { summary } = await convertAndRun('helpers.js')
  assert.is(summary.overall.requests, 9)
  assert.equal(checksOf(summary), { 'length 1': [3, 0], 'length 2': [3, 0], 'length 3': [3, 0] })
})

test('an object body is a form as in k6; k6\'s header spelling reads our lower-case headers', async () => {
  const { summary } = await convertAndRun('bodies-headers.js')
  assert.is(summary.overall.requests, 6)
  assert.equal(checksOf(summary), { 'form body a=1&b=two': [2, 0], 'json body': [2, 0], 'content type is json': [2, 0] })
})

test('a k6-shaped async module runs directly: k6, k6/http, k6/metrics resolve to ours', async () => {
  const { scenario, exports } = await loadScenario(new URL('async-direct.js', FIXTURES).pathname)
  const run = await runAgainst(target.url, scenario, { exports })
  assert.is(run.summary.overall.iterations, 6)
  assert.is(run.summary.overall.requests, 6)
  thresholdsPassed(run)
})

test('--scenario script.js loads script.js, not the script.ts that convert -o wrote beside it', async () => {
  const js = dir.file('beside.js')
  writeFileSync(js, "export default { name: 'the k6 script', iteration() {} }\n")
  writeFileSync(dir.file('beside.ts'), "export default { name: 'the converted one', iteration() {} }\n")
  assert.is((await loadScenario(js)).scenario.name, 'the k6 script')
  assert.is((await loadScenario(dir.file('beside.ts'))).scenario.name, 'the converted one')
})

test('a synchronous k6 script is refused when run directly, pointing to convert', async () => {
  try {
    await loadScenario(new URL('hello.js', FIXTURES).pathname)
    assert.unreachable('loaded')
  } catch (error) {
    assert.match((error as Error).message, /k6 script that cannot run directly/)
    assert.match((error as Error).message, /the default function is not an async function.*node runner convert/)
  }
})

test('unsupported modules: convert and the loader both name each line', async () => {
  const conversion = convertK6Script(readFileSync(new URL('unsupported-modules.js', FIXTURES), 'utf8'), 'unsupported-modules.js')
  assert.not.ok(conversion.ok)
  assert.equal(conversion.problems.filter((p) => p.fatal).map((p) => p.line), [3, 4, 5])
  assert.match(conversion.problems.find((p) => p.line === 5)!.message, /k6\/x\/kafka: k6 extensions/)
  try {
    await loadScenario(new URL('unsupported-modules.js', FIXTURES).pathname)
    assert.unreachable('loaded')
  } catch (error) {
    assert.match((error as Error).message, /line 3: imports k6\/ws: WebSockets are not supported/)
    assert.match((error as Error).message, /line 4: imports k6\/net\/grpc/)
  }
})

test('a request inside a forEach callback is refused with its line', () => {
  const conversion = convertK6Script(readFileSync(new URL('callback-request.js', FIXTURES), 'utf8'), 'callback-request.js')
  assert.not.ok(conversion.ok)
  const fatal = conversion.problems.filter((p) => p.fatal)
  assert.is(fatal.length, 1)
  assert.is(fatal[0]!.line, 6)
  assert.match(fatal[0]!.message, /inside a callback passed to \['a', 'b'\]\.forEach.*for\.\.\.of/)
})

test.run()
