/**
 * --segment i/n and `merge` end to end (docs/distributed.md): n = 1..4 separate runner processes
 * against a separately started Node handler, merged. Iteration counts are exact whatever n; open
 * phases schedule an exact number of arrivals; paced closed time-based phases agree within the
 * stated bounds; the merged histogram holds every request; thresholds judged on the merged
 * data decide the exit code (sliding windows: distributed-windows.test.ts); parts that do not make one run are refused (exit 2).
 */
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { LatencyHistogram } from '../src/load/metrics/latency-histogram.ts'
import { UsageError } from '../src/load/run-errors.ts'
import type { Summary } from '../src/report/summary-types.ts'
import { mergeFiles, runParts, type PartRun } from './helpers/distributed-parts.ts'
import { startServer, type Child } from './helpers/node-child.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('distributed-merge', { deadline: 300 })

const MIX = 'test/fixtures/scenarios/distributed-mix.ts'
const PARTS = [1, 2, 3, 4]

let server: Child
const dir = tempDir('edgeload-distributed-')
/** Part files kept for the refusal tests. */
const kept: Record<string, string[]> = {}

test.before(async () => {
  server = await startServer(process.execPath, ['--import', 'tsx', 'handler/node.ts'], { PORT: '0', HOST: '127.0.0.1', STEPS_DB: ':memory:' })
})

test.after(async () => {
  await server.stop()
  dir.remove()
})

function histogramCount(summary: Summary): number {
  const text = summary.overall.histograms.latency
  return text ? LatencyHistogram.decode(text).count : 0
}

/** The merged summary of parts, after the checks every merge must pass. */
async function merged(parts: PartRun[], label: string): Promise<Summary> {
  const summary = await mergeFiles(parts.map((p) => p.file))
  const partRequests = parts.reduce((sum, p) => sum + p.summary.overall.requests, 0)
  assert.is(summary.overall.requests, partRequests, `${label}: merged requests = the parts' sum`)
  assert.is(histogramCount(summary), partRequests, `${label}: the merged histogram holds every request`)
  assert.is(parts.reduce((sum, p) => sum + histogramCount(p.summary), 0), partRequests, `${label}: each part's histogram holds its requests`)
  return summary
}

test('peak.ts over 1, 2, 3 and 4 processes: 7,400 requests, every phase exactly as one process sends it', async () => {
  for (const n of PARTS) {
    const parts = await runParts(['--scenario', 'peak.ts', '--target', server.url], n, dir.path, {}, 'peak')
    for (const p of parts) assert.is(p.exit.code, 0, p.exit.stderr)
    const summary = await merged(parts, `peak n=${n}`)
    assert.is(summary.overall.requests, 7400)
    assert.is(summary.overall.successful, 7400)
    assert.equal(summary.phases.map((p) => [p.name, p.threads, p.requests, p.iterations]), [
      ['Warmup', 2, 400, 200], ['Loading', 10, 2000, 1000], ['Peak', 20, 4000, 2000], ['Cooldown', 5, 1000, 500],
    ], `n=${n}`)
    assert.ok(summary.thresholdsOk)
    kept[`peak-${n}`] = parts.map((p) => p.file)
  }
})

test('steps.ts (phases overlapping at startNext 0.5) over 1..4 processes: the same requests per endpoint as one process', async () => {
  let one: Summary | undefined
  for (const n of PARTS) {
    const parts = await runParts(['--scenario', 'steps.ts', '--target', server.url, '--iterations', '4', '--seed', '7'], n, dir.path, {}, 'steps')
    for (const p of parts) assert.is(p.exit.code, 0, p.exit.stderr)
    const summary = await merged(parts, `steps n=${n}`)
    // (3 + 16 + 32 + 8) threads x 4 iterations x 5 requests.
    assert.is(summary.overall.requests, 1180)
    one ??= summary
    const rows = (s: Summary) => s.endpoints.map((e) => `${e.method} ${e.name} ${e.requests}`).sort()
    assert.equal(rows(summary), rows(one), `n=${n}`)
    assert.equal(summary.phases.map((p) => p.iterations), one.phases.map((p) => p.iterations))
    kept[`steps-${n}`] = parts.map((p) => p.file)
  }
})

test('duration, ramping threads, rate, ramping rate and shared iterations over 1..4 processes', async () => {
  let one: Summary | undefined
  for (const n of PARTS) {
    const parts = await runParts(['--scenario', MIX, '--target', server.url], n, dir.path, {}, 'mix')
    for (const p of parts) assert.is(p.exit.code, 0, `n=${n}: ${p.exit.stderr}`)
    const summary = await merged(parts, `mix n=${n}`)
    const phase = (s: Summary, name: string) => s.phases.find((x) => x.name === name)!
    one ??= summary
    // Open model: the schedule's arrivals exactly (100/s x 2 s; a ramp 0 -> 150/s over 2 s).
    assert.is(phase(summary, 'rate').iterations + phase(summary, 'rate').droppedIterations, 200, `n=${n} rate`)
    assert.is(phase(summary, 'rising').iterations + phase(summary, 'rising').droppedIterations, 150, `n=${n} rising`)
    // Closed, counted: exact.
    assert.is(phase(summary, 'shared').iterations, 101, `n=${n} shared`)
    assert.is(phase(summary, 'shared').threads, 3)
    assert.is(phase(summary, 'hold').threads, 5)
    assert.ok(phase(summary, 'ramp').threads <= 6)
    // Closed, timed: time decides how many iterations fit. Each thread paces itself (a request,
    // then 100 ms asleep), so no part can do more than its threads' time allows: hold, 5 threads
    // x 2 s, at most 21 each; ramp, 6 thread-seconds under its triangle, at most 60 plus one a
    // thread (and 10% for rounding the ramp to whole threads). Fewer is what a starved machine's
    // late timers cost: at least half of one process's count, and every part with threads ran.
    const most = { hold: 105, ramp: 72 }
    for (const name of ['hold', 'ramp'] as const) {
      const [mine, theirs] = [phase(summary, name).iterations, phase(one, name).iterations]
      assert.ok(mine <= most[name] && mine >= theirs / 2, `n=${n} ${name}: ${mine} iterations vs ${theirs} in one process (at most ${most[name]})`)
      for (const p of parts) {
        const own = p.summary.phases.find((x) => x.name === name)!
        if (own.threads > 0) assert.ok(own.iterations > 0, `n=${n} ${name}: a part with ${own.threads} threads ran nothing`)
      }
    }
    assert.is(summary.scenarios.find((x) => x.name === 'rate')!.requests, phase(summary, 'rate').iterations)
    assert.is(summary.series.reduce((sum, row) => sum + row.requests, 0), summary.overall.requests)
  }
})

test('node runner merge: thresholds on the merged data decide the exit code (99), though every part passed', async () => {
  const parts = await runParts(['--scenario', MIX, '--target', server.url], 2, dir.path, { EDGELOAD_TEST_RATE_MAX: '150' }, 'max')
  for (const p of parts) assert.is(p.exit.code, 0, `each part's 100 rate iterations pass count<150: ${p.exit.stderr}`)
  const out = dir.file('max-merged.json')
  const { code, stdout, stderr } = await runRunner(['merge', ...parts.map((p) => p.file), '--out', out])
  assert.is(code, 99, stdout + stderr)
  assert.match(stdout, /^Merged 2 parts of distributed-mix/)
  assert.match(stdout, /Total number of requests sent: \d+/)
  assert.match(stderr, /thresholds failed on the merged data: iterations\{scenario:rate\} count<150/)
})

test('merge refuses parts that are not one run: missing, overlapping, another scenario or options, not a part (exit 2)', async () => {
  const [p1, p2, p3] = kept['peak-3']!
  const cases: [string[], RegExp][] = [
    [[p1!, p3!], /^edgeload: missing segment 2\/3: merge needs all 3 parts \(got 2\)$/m],
    [[p1!, p2!, p2!, p3!], /segment 2\/3 is given twice \(.*peak-2-of-3\.json and .*peak-2-of-3\.json\): the parts overlap/],
    [[kept['peak-2']![0]!, kept['steps-2']![1]!], /is a part of another run: segment 2\/2 of scenario [0-9a-f]{16}, but .* is 1\/2 of scenario [0-9a-f]{16}/],
    [[p1!, kept['peak-2']![1]!], /is a part of another run/],
    [['test/fixtures/report/does-not-exist.json'], /no such file/],
  ]
  // Through the command line: the message alone, exit 2.
  for (const [files, message] of cases.slice(0, 2)) {
    const { code, stdout, stderr } = await runRunner(['merge', ...files])
    assert.is(code, 2, stderr)
    assert.is(stdout, '')
    assert.match(stderr, message)
    assert.not.match(stderr, /^\s+at /m)
  }
  // The rest through the same code in this process (each command line costs a process start).
  for (const [files, message] of cases.slice(2)) await refused(files, message)
  // The same scenario with other options is another run.
  const other = await runParts(['--scenario', 'peak.ts', '--target', server.url, '--iterations', '1'], 2, dir.path, {}, 'other')
  await refused([kept['peak-2']![0]!, other[1]!.file], /part of another run.*--threads\/--iterations\/--duration/)
  // A whole run's summary is not a part.
  const whole = dir.file('whole.json')
  assert.is((await runRunner(['--scenario', 'peak.ts', '--target', server.url, '--iterations', '1', '--out', whole, '--quiet', '--no-save'])).code, 0)
  const notPart = await runRunner(['merge', whole])
  assert.is(notPart.code, 2)
  assert.match(notPart.stderr, /whole\.json: not a part of a distributed run \(its summary has no segment record\); run each part with --segment i\/n/)
})

async function refused(files: string[], message: RegExp): Promise<void> {
  try {
    await mergeFiles(files)
  } catch (error) {
    assert.instance(error, UsageError)
    assert.match((error as Error).message, message)
    return
  }
  assert.unreachable(`merging ${files.join(', ')} was not refused`)
}

test.run()
