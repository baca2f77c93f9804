import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { suite } from './helpers/suite.ts'
import { closedPort, httpServer, silentServer, type CountingServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'
import { readSummaryFile } from '../src/report/summary-read.ts'
import type { Summary } from '../src/report/summary-types.ts'
import { influxOutput } from '../src/outputs/influxdb-output.ts'
import { prometheusOutput } from '../src/outputs/prometheus-output.ts'
import type { LiveBatch } from '../src/load/live/live-types.ts'
import type { RequestRecord } from '../src/load/metrics/request-record.ts'
import { SampleBlockBuilder } from '../src/load/live/sample-block.ts'

const test = suite('outputs: endpoint faults', { deadline: 300 })

const SCENARIO = fileURLToPath(new URL('./fixtures/scenarios/outputs-mix.ts', import.meta.url))
/** Pushes every 500 ms so a 3 s run makes several. */
const FAST_PUSH = { K6_PROMETHEUS_RW_PUSH_INTERVAL: '500ms', K6_INFLUXDB_PUSH_INTERVAL: '500ms' }

let target: CountingServer

test.before(async () => {
  target = await httpServer()
})

test.after(async () => {
  await target.close()
})

/** A 3 s run with both streams to `endpoint`; its summary and what it said about the streams. */
async function runTo(endpoint: string) {
  const dir = tempDir()
  try {
    const ran = await runRunner([
      '--scenario', SCENARIO, '--target', target.url, '--duration', '3s', '--no-save', '--out', dir.file('run.json'),
      '--out', `prometheus=${endpoint}/api/v1/write`, '--out', `influxdb=${endpoint}/k6`,
    ], { env: FAST_PUSH })
    assert.is(ran.code, 0, ran.stderr)
    const summary = JSON.parse(readFileSync(dir.file('run.json'), 'utf8'))
    const said = (name: string) => {
      const printed = saidOf(ran.stdout, name)
      assertStored(summary, name, printed)
      return printed
    }
    return { summary, prometheus: said('prometheus'), influxdb: said('influxdb') }
  } finally {
    dir.remove()
  }
}

/** The report's `Output NAME=...` line: its counts and why. */
function saidOf(stdout: string, name: string) {
  const match = new RegExp(`Output ${name}=\\S+: (\\d+) points written, (\\d+) dropped(.*)`).exec(stdout)
  assert.ok(match, `no line for ${name}:\n${stdout}`)
  return { written: Number(match![1]), dropped: Number(match![2]), why: match![3]! }
}

/** The summary file keeps the stream's counts as the report printed them, and its last error. */
function assertStored(summary: Summary, name: string, printed: ReturnType<typeof saidOf>): void {
  const stored = summary.streams?.find((stream) => stream.name === name)
  assert.ok(stored, `no ${name} in the summary's streams: ${JSON.stringify(summary.streams)}`)
  assert.equal({ written: stored!.written, dropped: stored!.dropped }, { written: printed.written, dropped: printed.dropped })
  assert.is(printed.why, stored!.error === null ? '' : ` (${stored!.error})`)
}

test('endpoint answering 500, credentials in its URL or k6\'s variables: sent as Basic auth; the summary file, report RUN and the HTML page keep the drops, the password nowhere', async () => {
  const authorization = new Map<string, string | undefined>()
  const sink = await httpServer((req, res) => {
    authorization.set(req.url!.split('?')[0]!, req.headers.authorization)
    res.statusCode = 500
    res.end('{"error":"down for maintenance"}')
  })
  const dir = tempDir()
  try {
    const endpoint = sink.url.replace('http://', 'http://edgeload:s3cret-pw@')
    const ran = await runRunner([
      '--scenario', SCENARIO, '--target', target.url, '--duration', '2s', '--no-save', '--out', dir.file('run.json'), '--html', dir.file('run.html'),
      '--out', `influxdb=${endpoint}/k6`, '--out', `prometheus=${sink.url}/api/v1/write`,
    ], { env: { ...FAST_PUSH, K6_PROMETHEUS_RW_USERNAME: 'rw', K6_PROMETHEUS_RW_PASSWORD: 'env-s3cret' } })
    assert.is(ran.code, 0, ran.stderr)
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
    assert.is(authorization.get('/query'), basic('edgeload', 's3cret-pw'), 'InfluxDB\'s CREATE DATABASE carried the URL\'s credentials')
    assert.is(authorization.get('/api/v1/write'), basic('rw', 'env-s3cret'), 'the remote write carried k6\'s variables')
    assertStored(readSummaryFile(dir.file('run.json')).summary, 'prometheus', saidOf(ran.stdout, 'prometheus'))
    const summary = readSummaryFile(dir.file('run.json')).summary
    const printed = saidOf(ran.stdout, 'influxdb')
    assert.is(printed.written, 0)
    assert.ok(printed.dropped > 0, ran.stdout)
    assert.match(printed.why, /500/)
    assertStored(summary, 'influxdb', printed)
    assert.is(summary.streams![0]!.target, `${sink.url}/k6`)
    assert.match(ran.stderr, `Warning: Output influxdb=${sink.url}/k6: 0 points written, ${printed.dropped} dropped`)
    const again = await runRunner(['report', dir.file('run.json')])
    assert.is(again.code, 0, again.stderr)
    assert.equal(saidOf(again.stdout, 'influxdb'), printed)
    const html = readFileSync(dir.file('run.html'), 'utf8')
    assert.match(html, `<td data-key="dropped" data-value="${printed.dropped}">`)
    for (const text of [ran.stdout, ran.stderr, again.stdout, readFileSync(dir.file('run.json'), 'utf8'), html]) assert.not.match(text, 's3cret')
  } finally {
    dir.remove()
    await sink.close()
  }
})

test('endpoint down from the start: the run is whole, every point counted as dropped, with why', async () => {
  const { summary, prometheus, influxdb } = await runTo(await closedPort())
  assert.ok(summary.overall.requests > 0)
  assert.is(summary.overall.failed, 0)
  for (const stream of [prometheus, influxdb]) {
    assert.is(stream.written, 0)
    assert.ok(stream.dropped > 0)
    assert.match(stream.why, /fetch failed|ECONNREFUSED/)
  }
})

test('endpoint going down mid-run: what went before it counted as written, the rest as dropped', async () => {
  let accepted = 0
  const sink: CountingServer = await httpServer((req, res) => {
    // The first two writes of each kind get through; then the endpoint goes away.
    if (++accepted <= 4) {
      res.statusCode = 204
      res.end()
    } else {
      res.destroy()
      void sink.close()
    }
  })
  try {
    const { prometheus, influxdb } = await runTo(sink.url)
    for (const stream of [prometheus, influxdb]) {
      assert.ok(stream.written > 0, `${JSON.stringify(stream)}`)
      assert.ok(stream.dropped > 0, `${JSON.stringify(stream)}`)
    }
  } finally {
    await sink.close()
  }
})

test('endpoint that never answers: the run ends (pushes time out), its points dropped', async () => {
  const sink = await silentServer()
  try {
    const { summary, prometheus, influxdb } = await runTo(sink.url)
    assert.ok(summary.overall.requests > 0)
    assert.ok(sink.count > 0)
    for (const stream of [prometheus, influxdb]) {
      assert.is(stream.written, 0)
      assert.ok(stream.dropped > 0)
    }
  } finally {
    await sink.close()
  }
})

const TAGS = { scenario: 'default', phase: 'Peak', name: '/x', method: 'GET', status: '200', expected_response: 'true' }

/** A request record as the client hands it over. */
function record(atMs: number): RequestRecord {
  return {
    phase: 'Peak', scenario: 'default', group: '', tags: undefined, scenarioTags: undefined, endpoint: '/x', method: 'GET', status: 200,
    latencyUs: 1000, bytesIn: 10, bytesOut: 10, coldStart: false, atMs,
  }
}

test('influxdb: while a write hangs, the buffer holds at most its bound; the rest is counted, none kept', async () => {
  const sink = await silentServer()
  const output = influxOutput(`${sink.url}/k6`, { pushIntervalMs: 0, maxBuffered: 100, timeoutMs: 60_000 })
  try {
    const batch = (n: number): LiveBatch => {
      const block = new SampleBlockBuilder(n)
      for (let i = 0; i < n; i++) block.request(record(i), TAGS)
      return { kind: 'samples', blocks: [block.take()], startEpochMs: Date.now() }
    }
    // The first write starts a push (CREATE DATABASE) that never returns; everything after waits in the buffer.
    await output.write(batch(1))
    await sink.reached(1)
    await output.write(batch(1000))
    // 1000 requests x 5 samples each (no timings given): 100 kept, the rest dropped as they came;
    // the run ending now would lose the kept ones and the 5 in flight too.
    assert.is(output.buffered(), 100)
    assert.is(output.droppedByOutput!(), 5 + 5000)
    assert.is(output.written!(), 0)
  } finally {
    await sink.close()
  }
})

test('prometheus: a push still going when the next is due is skipped and counted; memory is the totals', async () => {
  const sink = await silentServer()
  const output = prometheusOutput(`${sink.url}/api/v1/write`, { pushIntervalMs: 0, timeoutMs: 60_000 })
  try {
    const second = (tick: number): LiveBatch => ({
      kind: 'second',
      snapshot: { tick, full: true, epochMs: Date.now(), vus: 1, vusMax: 1, samplesDropped: 0, series: [{ metric: 'http_reqs', type: 'counter', tags: { name: '/x' }, count: 5, sum: 5 }] },
    })
    await output.write(second(0))
    await sink.reached(1)
    for (let tick = 1; tick <= 50; tick++) await output.write(second(tick))
    // Each skipped push: vus, vus_max and the one counter; plus the one in flight.
    assert.is(output.droppedByOutput!(), 50 * 3 + 3)
    assert.is(output.written!(), 0)
  } finally {
    await sink.close()
  }
})


test('a second keeps at most its bound of samples for the outputs; the rest are counted, and the count starts again', () => {
  const builder = new SampleBlockBuilder(3)
  builder.request(record(1), TAGS)
  builder.point('iterations', 'counter', 1, 1, TAGS)
  builder.request(record(2), TAGS)
  builder.point('iterations', 'counter', 1, 2, TAGS)
  builder.request(record(3), TAGS)
  const block = builder.take()
  assert.is(block.requests, 2)
  assert.is(block.points, 1)
  assert.is(block.dropped, 2)
  builder.request(record(4), TAGS)
  const next = builder.take()
  assert.is(next.requests, 1)
  assert.is(next.dropped, 0)
})

test.run()
