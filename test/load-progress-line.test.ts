import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { PassThrough } from 'node:stream'
import { ProgressLine, progressText } from '../src/load/progress-line.ts'
import { LiveCounters, RunControl } from '../src/load/run-control.ts'
import { LiveOutput } from '../runner/live-output.ts'

const test = suite('load-progress-line', { deadline: 120 })

function counters(): LiveCounters {
  const live = new LiveCounters()
  live.phases.add('Peak')
  live.activeThreads = 20
  live.requests = 12345
  live.errors = 3
  return live
}

type Kept = NodeJS.WriteStream & { text(): string; written(pattern: RegExp): Promise<void> }

/** A stream that says it is (or is not) a terminal, keeps what was written, and says when a pattern appears. */
function stream(isTTY: boolean): Kept {
  const chunks: string[] = []
  const waiters: { pattern: RegExp; resolve(): void }[] = []
  const s = new PassThrough() as unknown as Kept
  const text = () => chunks.join('')
  const written = (pattern: RegExp) => new Promise<void>((resolve) => {
    if (pattern.test(text())) resolve()
    else waiters.push({ pattern, resolve })
  })
  Object.assign(s, { isTTY, text, written })
  s.write = ((chunk: string) => {
    chunks.push(String(chunk))
    for (const w of waiters.filter((w) => w.pattern.test(text()))) w.resolve()
    return true
  }) as never
  return s
}

test('the progress line shows phase, threads, requests, req/s and errors', () => {
  assert.is(progressText(counters(), 2500, 4021.4), 'Peak | 20 threads | 12,345 requests | 4,021 req/s | 3 errors | 2.5 s')
})

test('overlapping phases are both named; between phases says so', () => {
  const live = counters()
  live.phases.add('Cooldown')
  assert.match(progressText(live, 0, 0), /^Peak \+ Cooldown \|/)
  assert.match(progressText(new LiveCounters(), 0, 0), /^between phases \|/)
})

test('the line is redrawn in place and cleared before other output', async () => {
  const writes: string[] = []
  let drawnTwice!: () => void
  const twice = new Promise<void>((resolve) => (drawnTwice = resolve))
  const line = new ProgressLine(counters(), new RunControl(), (text) => {
    if (writes.push(text) === 2) drawnTwice()
  }, 10)
  line.start()
  await twice
  line.stop()
  assert.ok(writes.length >= 2, `${writes.length} writes`)
  assert.ok(writes.slice(0, -1).every((w) => w.startsWith('\r\x1b[2K') && w.includes('12,345 requests')))
  assert.is(writes.at(-1), '\r\x1b[2K', 'stop() leaves a clean line')
})

test('progress only on a terminal, and not with --quiet or --no-progress', async () => {
  const cases: [boolean, boolean, boolean, boolean][] = [
    // isTTY, quiet, progress, shown: the cases without progress start first (see below)
    [false, false, true, false],
    [true, true, true, false],
    [true, false, false, false],
    [true, false, true, true],
  ]
  const started = cases.map(([isTTY, quiet, progress, shown]) => {
    const stdout = stream(isTTY)
    const out = new LiveOutput(quiet, progress, stdout, stream(false), 10)
    out.startProgress(counters(), new RunControl())
    return { isTTY, quiet, progress, shown, stdout, out }
  })
  // Timers of one interval fire in the order they were set: once the last case has drawn, a
  // progress timer wrongly started by an earlier case has fired too.
  await started.at(-1)!.stdout.written(/req\/s/)
  for (const { isTTY, quiet, progress, shown, stdout, out } of started) {
    out.line('Peak phase: All threads running...')
    out.stopProgress()
    assert.is(stdout.text().includes('req/s'), shown, JSON.stringify({ isTTY, quiet, progress }))
    assert.is(stdout.text().includes('Peak phase: All threads running...'), !quiet)
  }
})

test.run()
