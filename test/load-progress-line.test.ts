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

/** A stream that says it is (or is not) a terminal and keeps what was written. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text(): string } {
  const chunks: string[] = []
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { text(): string }
  Object.assign(s, { isTTY, text: () => chunks.join('') })
  s.write = ((chunk: string) => chunks.push(String(chunk)) > 0) as never
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
  const line = new ProgressLine(counters(), new RunControl(), (text) => writes.push(text), 10)
  line.start()
  await new Promise((resolve) => setTimeout(resolve, 35))
  line.stop()
  assert.ok(writes.length >= 2, `${writes.length} writes`)
  assert.ok(writes.slice(0, -1).every((w) => w.startsWith('\r\x1b[2K') && w.includes('12,345 requests')))
  assert.is(writes.at(-1), '\r\x1b[2K', 'stop() leaves a clean line')
})

test('progress only on a terminal, and not with --quiet or --no-progress', async () => {
  const cases: [boolean, boolean, boolean, boolean][] = [
    // isTTY, quiet, progress, shown
    [true, false, true, true],
    [false, false, true, false],
    [true, true, true, false],
    [true, false, false, false],
  ]
  for (const [isTTY, quiet, progress, shown] of cases) {
    const stdout = stream(isTTY)
    const out = new LiveOutput(quiet, progress, stdout, stream(false), 10)
    out.startProgress(counters(), new RunControl())
    await new Promise((resolve) => setTimeout(resolve, 40))
    out.line('Peak phase: All threads running...')
    out.stopProgress()
    assert.is(stdout.text().includes('req/s'), shown, JSON.stringify({ isTTY, quiet, progress }))
    assert.is(stdout.text().includes('Peak phase: All threads running...'), !quiet)
  }
})

test.run()
