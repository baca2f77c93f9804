import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { suite } from './helpers/suite.ts'
import { httpServer, type CountingServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'
import { parseTarget } from '../src/load/http/target.ts'
import { LiveFeed, type LiveSubscriber } from '../src/load/live/live-feed.ts'
import type { LiveBatch, LiveSnapshot } from '../src/load/live/live-types.ts'
import { runAndJudge } from '../src/load/run-and-judge.ts'
import { loadScenario } from '../src/load/scenario-load.ts'
import { jsonSamplesOutput } from '../src/outputs/json-samples.ts'
import { parseStream } from '../runner/outputs.ts'

const test = suite('live-feed', { deadline: 300 })

const SCENARIO = fileURLToPath(new URL('./fixtures/scenarios/outputs-mix.ts', import.meta.url))
/** outputs-mix: 4 threads x 25 iterations x 2 requests. */
const REQUESTS = 200

let server: CountingServer

test.before(async () => {
  server = await httpServer()
})

test.after(async () => {
  await server.close()
})

/** A subscriber that keeps every batch. */
function keeper(): LiveSubscriber & { batches: LiveBatch[] } {
  const batches: LiveBatch[] = []
  return { name: 'keeper', samples: true, maxQueued: 10_000, batches, write: (batch) => void batches.push(batch) }
}

async function judged(feed: LiveFeed, workers = 1, feedGraceMs?: number) {
  const { scenario, exports } = await loadScenario(SCENARIO, {})
  return runAndJudge({
    scenario, exports, target: parseTarget(server.url), timeoutMs: 5000, seed: 7, name: 'outputs-mix', targetName: server.url,
    feed, feedGraceMs, workers: { count: workers, scenarioFile: SCENARIO },
  })
}

function seconds(batches: readonly LiveBatch[]): LiveSnapshot[] {
  return batches.flatMap((batch) => (batch.kind === 'second' ? [batch.snapshot] : []))
}

function total(snapshots: readonly LiveSnapshot[], metric: string, tags: Record<string, string> = {}, of: 'sum' | 'count' = 'sum'): number {
  let sum = 0
  for (const snapshot of snapshots) {
    for (const series of snapshot.series) {
      if (series.metric === metric && Object.entries(tags).every(([tag, value]) => series.tags[tag] === value)) sum += series[of]
    }
  }
  return sum
}

for (const workers of [1, 2]) {
  test(`the feed's seconds add up to the summary (${workers} thread${workers > 1 ? 's' : ''} of the run), tagged as k6 tags`, async () => {
    const feed = new LiveFeed(4)
    const kept = keeper()
    feed.subscribe(kept)
    const run = await judged(feed, workers)
    assert.is(run.summary.overall.requests, REQUESTS)
    const snapshots = seconds(kept.batches)
    assert.ok(snapshots.length >= 1)
    assert.is(total(snapshots, 'http_reqs'), REQUESTS)
    assert.is(total(snapshots, 'http_reqs', { method: 'POST', kind: 'write', team: 'edge', scenario: 'default', phase: 'Peak', status: '200', expected_response: 'true', name: '/myresource' }), REQUESTS / 2)
    assert.is(total(snapshots, 'http_req_duration', { method: 'GET' }, 'count'), REQUESTS / 2)
    assert.is(total(snapshots, 'http_req_failed'), 0)
    assert.is(total(snapshots, 'checks', { check: 'status is 200' }), 100)
    assert.is(total(snapshots, 'iterations', { phase: 'Peak' }), 100)
    assert.is(total(snapshots, 'steps_written', { source: 'outputs-mix' }), 200)
    assert.is(total(snapshots, 'think_time', {}, 'count'), 100)
    assert.ok(snapshots.every((s) => s.vusMax === 4 && s.vus <= 4))
    // Every sample too, for outputs that want them.
    const samples = kept.batches.reduce((n, batch) => n + (batch.kind === 'samples' ? batch.blocks.reduce((sum, block) => sum + block.requests, 0) : 0), 0)
    assert.is(samples, REQUESTS)
    const events = kept.batches.flatMap((batch) => (batch.kind === 'event' ? [batch.event.type] : []))
    assert.equal(events, ['phase-started', 'phase-completed'])
    assert.equal(run.outputs, [{ name: 'keeper', delivered: run.outputs[0]!.delivered, dropped: 0, error: undefined }])
  })
}

test('a subscriber that never finishes a write loses batches (counted), not the run; the others get all', async () => {
  const feed = new LiveFeed(4)
  let release = () => {}
  const stuck = new Promise<void>((resolve) => (release = resolve))
  const slow: LiveSubscriber = { name: 'stuck', samples: true, maxQueued: 2, write: () => stuck }
  const kept = keeper()
  feed.subscribe(slow)
  feed.subscribe(kept)
  try {
    const run = await judged(feed, 1, 100)
    assert.is(run.summary.overall.requests, REQUESTS)
    const [stuckReport, keptReport] = run.outputs
    assert.is(stuckReport!.delivered, 0)
    // All of it was lost, counted: the batch it held, what sat in its queue and what did not fit.
    assert.is(stuckReport!.dropped, keptReport!.delivered)
    assert.ok(stuckReport!.dropped > 0)
    assert.is(keptReport!.dropped, 0)
    assert.is(total(seconds(kept.batches), 'http_reqs'), REQUESTS)
  } finally {
    release()
  }
})

test('--out json=FILE.gz: every sample in k6\'s JSON lines, each metric announced before its points', async () => {
  const dir = tempDir()
  try {
    const file = dir.file('samples.jsonl.gz')
    const feed = new LiveFeed(4)
    feed.subscribe(jsonSamplesOutput(file))
    const run = await judged(feed)
    assert.is(run.outputs[0]!.dropped, 0)
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line))
    const announced = new Set<string>()
    const counts = new Map<string, number>()
    for (const line of lines) {
      if (line.type === 'Metric') {
        assert.not.ok(announced.has(line.metric), `${line.metric} announced twice`)
        announced.add(line.metric)
        assert.is(line.data.name, line.metric)
        continue
      }
      assert.is(line.type, 'Point')
      assert.ok(announced.has(line.metric), `${line.metric} point before its Metric line`)
      assert.ok(!Number.isNaN(Date.parse(line.data.time)))
      counts.set(line.metric, (counts.get(line.metric) ?? 0) + 1)
    }
    assert.is(counts.get('http_reqs'), REQUESTS)
    assert.is(counts.get('http_req_duration'), REQUESTS)
    assert.is(counts.get('checks'), 100)
    assert.is(counts.get('iterations'), 100)
    assert.is(counts.get('steps_written'), 100)
    const post = lines.find((line) => line.type === 'Point' && line.metric === 'http_req_duration' && line.data.tags.method === 'POST')
    assert.equal(post.data.tags, { team: 'edge', kind: 'write', scenario: 'default', phase: 'Peak', name: '/myresource', method: 'POST', status: '200', expected_response: 'true' })
    const think = lines.find((line) => line.type === 'Metric' && line.metric === 'think_time')
    assert.equal(think.data, { name: 'think_time', type: 'trend', contains: 'time', thresholds: [], submetrics: null })
  } finally {
    dir.remove()
  }
})

test('the runner: --out json=FILE beside a summary file, each said; an unknown output is exit 2 before any load', async () => {
  const dir = tempDir()
  try {
    const samples = dir.file('run.jsonl')
    const summary = dir.file('run.json')
    const ran = await runRunner(['--scenario', SCENARIO, '--target', server.url, '--out', `json=${samples}`, '--out', summary, '--no-save'])
    assert.is(ran.code, 0, ran.stderr)
    assert.match(ran.stdout, new RegExp(`Output json=${samples}: \\d+ points written, 0 dropped`))
    assert.match(ran.stdout, `Summary written to ${summary}`)
    assert.is(JSON.parse(readFileSync(summary, 'utf8')).overall.requests, REQUESTS)
    assert.is(readFileSync(samples, 'utf8').split('\n').filter((line) => line.includes('"metric":"http_reqs"') && line.includes('"Point"')).length, REQUESTS)
    const before = server.count
    const bad = await runRunner(['--scenario', SCENARIO, '--target', server.url, '--out', 'graphite=localhost:2003', '--no-save'])
    assert.is(bad.code, 2)
    assert.match(bad.stderr, '--out graphite=localhost:2003: unknown output "graphite"; one of json=')
    assert.is(server.count, before)
  } finally {
    dir.remove()
  }
})

test('--repeat 2 --out json=FILE: one samples file a run, numbered as the summary files are', async () => {
  const dir = tempDir()
  try {
    const ran = await runRunner(['--scenario', SCENARIO, '--target', server.url, '--repeat', '2', '--out', `json=${dir.file('run.jsonl')}`, '--no-save'])
    assert.is(ran.code, 0, ran.stderr)
    for (const k of [1, 2]) {
      const points = readFileSync(dir.file(`run-${k}.jsonl`), 'utf8').split('\n').filter((line) => line.includes('"metric":"http_reqs"') && line.includes('"Point"'))
      assert.is(points.length, REQUESTS)
    }
  } finally {
    dir.remove()
  }
})

test('--out influxdb= with a database name that is not valid percent-encoding is a problem named before the run, not a URIError', () => {
  assert.equal(parseStream('influxdb=http://127.0.0.1:8086/%zz', {}), '--out influxdb=http://127.0.0.1:8086/%zz: the database (the URL\'s path) is not valid percent-encoding')
  assert.equal(parseStream('influxdb=ftp://x/k6', {}), '--out influxdb=ftp://x/k6: needs an http:// or https:// URL')
  assert.equal(parseStream('influxdb=http://127.0.0.1:8086/my%20db', {}), { name: 'influxdb', target: 'http://127.0.0.1:8086/my%20db' })
})

test.run()
