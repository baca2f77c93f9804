// `--dashboard`: a real run watched in headless Chromium (charts drawn from the event stream,
// growing between events, nothing fetched outside 127.0.0.1, the report at the end), a viewer
// that never reads losing events instead of holding memory or the feed, and bad ports refused.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { createServer, connect, type AddressInfo, type Server } from 'node:net'
import { LiveDashboard } from '../src/dashboard/live-dashboard.ts'
import type { LiveBatch } from '../src/load/live/live-types.ts'
import { browserTest, chartsReady, findChromium, launchChromium, openServed } from './helpers/html-browser.ts'
import { runRunner, startRunner } from './helpers/runner-child.ts'

const test = suite('dashboard', { deadline: 400 })
const chromium = findChromium()

interface LiveRead {
  seconds: number
  events: number
  requests: (number | null)[]
  p99: (number | null)[]
  vus: (number | null)[]
  phases: string[]
  thresholds: string[]
}

/**
 * What the page drew: the chart data uPlot holds (window.__edgeload, as the report exposes it).
 * Text, not a function: tsx names functions with a helper the page does not have.
 */
const READ_LIVE = `(() => {
  const hook = window.__edgeload
  const chart = (kind) => hook.charts.find((c) => c.kind === kind).data
  const texts = (id) => [...document.querySelectorAll('#' + id + ' li')].map((li) => li.textContent || '')
  return {
    seconds: hook.live.seconds, events: hook.live.events,
    requests: [...chart('throughput')[1]], p99: [...chart('latency')[3]], vus: [...chart('threads')[1]],
    phases: texts('phase-list'), thresholds: texts('threshold-list'),
  }
})()`

browserTest(test, chromium)('a run\'s --dashboard draws the run live in Chromium and becomes its report at the end', async () => {
  // About 16 s in four phases, with thresholds (the scenario of the docs' screenshots).
  const runner = startRunner(['--scenario', 'bench/scenarios/html-report-demo.ts', '--dashboard=0', '--no-save'])
  const browser = await launchChromium(chromium!)
  try {
    await runner.waitFor(/Dashboard: http:\/\/127\.0\.0\.1:\d+\//)
    const url = /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(runner.stdout)![1]!
    const opened = await openServed(browser, url)
    const { page } = opened
    await page.waitForFunction(() => (window as unknown as { __edgeload: { live?: { seconds: number } } }).__edgeload.live!.seconds >= 2, null, { timeout: 60_000 })
    const first = await page.evaluate<LiveRead>(READ_LIVE)
    // The next second's event: the same charts now hold one more point.
    await page.waitForFunction((seen) => (window as unknown as { __edgeload: { live: { seconds: number } } }).__edgeload.live.seconds > seen, first.seconds, { timeout: 60_000 })
    const next = await page.evaluate<LiveRead>(READ_LIVE)
    const reloaded = page.waitForEvent('load', { timeout: 120_000 })

    assert.ok(next.events > first.events, 'more events arrived')
    assert.ok(next.requests.length > first.requests.length, `the throughput chart grew: ${first.requests.length} -> ${next.requests.length} points`)
    assert.equal(next.requests.slice(0, first.requests.length - 1), first.requests.slice(0, -1), 'seconds already drawn keep their values')
    const full = next.requests.slice(0, -1).filter((n): n is number => n !== null)
    assert.ok(full.length > 0 && full.every((n) => n > 0), `requests each second: ${next.requests.join(', ')}`)
    assert.ok(next.p99.some((ms) => ms !== null && ms > 0), `p99 per second drawn: ${next.p99.join(', ')}`)
    assert.ok(next.vus.some((n) => n !== null && n >= 2), `threads drawn: ${next.vus.join(', ')}`)
    assert.match(next.phases[0] ?? '', /^Warmup: /, `phases listed as they start: ${next.phases.join(' | ')}`)
    assert.ok(next.thresholds.some((t) => /http_req_duration: p\(99\)<250 \(now [\d.]+\)/.test(t)), `thresholds judged: ${next.thresholds.join(' | ')}`)

    const { code, stdout } = await runner.exit(120_000)
    // 99 when a threshold fails on a loaded machine; the page is the report either way.
    assert.ok(code === 0 || code === 99, `exit ${code}`)
    assert.match(stdout, /Output dashboard=http:\/\/127\.0\.0\.1:\d+\/: \d+ points written/, stdout)
    await reloaded
    await chartsReady(page)
    const report = await page.evaluate(() => (window as unknown as { __edgeload: { data: { page: string; summary: { scenario: string } } } }).__edgeload.data)
    assert.is(report.page, 'run', 'the page became the run report')
    assert.is(report.summary.scenario, 'html-report-demo')
    assert.equal(opened.errors, [], 'no console errors')
    assert.equal(opened.dialogs, [])
    assert.equal(opened.blocked, [], 'no request outside the dashboard')
    assert.ok(opened.requests.every((r) => r.startsWith(url)), `requests: ${opened.requests.join(', ')}`)
  } finally {
    runner.kill()
    await browser.close()
  }
})

test('a viewer that never reads loses events (counted), never holds the feed or unbounded memory', async () => {
  const dashboard = await LiveDashboard.start(0, 'stalled viewer', () => 0)
  const port = Number(new URL(dashboard.url).port)
  const socket = connect(port, '127.0.0.1')
  let received = ''
  try {
    await new Promise<void>((resolve) => socket.once('connect', resolve))
    socket.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
    // The first bytes say the stream is open; after that the socket is not read.
    await new Promise<void>((resolve) => socket.once('data', (chunk) => {
      received += chunk.toString('utf8')
      resolve()
    }))
    socket.pause()
    const subscriber = dashboard.subscriber()
    const SECONDS = 100_000
    for (let tick = 0; tick < SECONDS; tick++) {
      const batch: LiveBatch = { kind: 'second', snapshot: { tick, full: true, epochMs: tick * 1000, vus: 1, vusMax: 1, samplesDropped: 0, series: [{ metric: 'http_reqs', type: 'counter', tags: {}, count: 7, sum: 7 }] } }
      // write() returns at once (nothing awaited): a stalled viewer cannot hold the feed.
      assert.is(subscriber.write(batch), undefined)
    }
    const dropped = dashboard.dropped
    assert.ok(dropped > 0, 'events were dropped for the stalled viewer')
    // Reading again, the viewer gets exactly the seconds not dropped, whole events, in order.
    const sent = SECONDS - dropped
    const ticks: number[] = []
    await new Promise<void>((resolve) => {
      const count = () => {
        const end = received.lastIndexOf('\n\n') + 2
        if (end < 2) return
        for (const match of received.slice(0, end).matchAll(/^event: second\ndata: (.*)$/gm)) ticks.push((JSON.parse(match[1]!) as { second: number }).second)
        received = received.slice(end)
        if (ticks.length >= sent) resolve()
      }
      socket.on('data', (chunk) => {
        received += chunk.toString('utf8')
        count()
      })
      count()
      socket.resume()
    })
    assert.is(ticks.length, sent, `${ticks.length} received, ${dropped} dropped of ${SECONDS}`)
    assert.ok(ticks.every((tick, i) => i === 0 || tick > ticks[i - 1]!), 'in order')
    assert.ok(sent < SECONDS / 2, `most were dropped rather than queued: ${sent} sent`)
  } finally {
    socket.destroy()
    await dashboard.close()
  }
})

test('--dashboard refuses a port that is not one, and a port in use, before any load (exit 2)', async () => {
  const bad = await runRunner(['--scenario', 'peak.ts', '--no-save', '--dashboard=70000'])
  assert.is(bad.code, 2)
  assert.match(bad.stderr, /--dashboard 70000 is not a port \(0 to 65535\)/)
  const taken: Server = createServer()
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
  try {
    const port = (taken.address() as AddressInfo).port
    const busy = await runRunner(['--scenario', 'peak.ts', '--no-save', `--dashboard=${port}`])
    assert.is(busy.code, 2)
    assert.match(busy.stderr, new RegExp(`edgeload: --dashboard: port ${port} on 127\\.0\\.0\\.1 is in use; give another`))
    assert.not.match(busy.stderr, /\n\s+at /, 'no stack trace')
    assert.not.match(busy.stdout, /Phase: All threads running/, 'no load was sent')
  } finally {
    await new Promise<void>((resolve) => taken.close(() => resolve()))
  }
})

test.run()
