// The run's HTML report (docs/html-report.md) from a real run of a few seconds against the
// embedded handler, opened from file:// in a real headless Chromium with the network cut off.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { readFileSync, rmSync, statSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { formatCount, formatMs, formatPercent, formatRate } from '../src/report/format.ts'
import type { Summary } from '../src/report/summary-types.ts'
import { HOSTILE_NAME } from './fixtures/scenarios/html-report.ts'
import { browserTest, findChromium, inkedPixels, launchChromium, openReport, type OpenedPage } from './helpers/html-browser.ts'
import { runRunner, type RunnerExit } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('html-report', { deadline: 300 })

const chromiumPath = findChromium()
const temp = tempDir('edgeload-html-report-')
const files = { json: temp.file('run.json'), html: temp.file('run.html') }
let run: RunnerExit
let summary: Summary
let browser: Browser | undefined
let opened: OpenedPage

interface ChartInfo { id: string; kind: string; points: number; series: string[]; data: (number | null)[][] }

test.before(async () => {
  run = await runRunner(['--scenario', 'test/fixtures/scenarios/html-report.ts', '--out', files.json, '--html', files.html, '--quiet'], { timeoutMs: 60_000 })
  summary = JSON.parse(readFileSync(files.json, 'utf8'))
  if (!chromiumPath) return
  browser = await launchChromium(chromiumPath)
  opened = await openReport(browser, files.html)
})

test.after(async () => {
  await browser?.close()
  // The screenshots stay for a person to look at; the rest goes.
  for (const file of [files.json, files.html]) rmSync(file, { force: true })
  if (chromiumPath) console.log(`  screenshots kept in ${temp.path}`)
  else temp.remove()
})

test('the run writes the report next to its JSON and exits 99 for the failed checks threshold', () => {
  assert.is(run.code, 99, run.stderr)
  assert.is(summary.schema, 'edgeload.summary/2')
  assert.ok(summary.series.length >= 4, `a run of 4 s has at least 4 seconds, got ${summary.series.length}`)
  assert.ok(statSync(files.html).size > 50_000, 'uPlot is inlined')
})

test('the page is one file: no script, stylesheet, image or frame is loaded from elsewhere', () => {
  const html = readFileSync(files.html, 'utf8')
  assert.not.match(html, /<script[^>]*\bsrc=/i)
  assert.not.match(html, /<link\b/i)
  assert.not.match(html, /<iframe\b/i)
  assert.not.match(html, /\b(src|href)\s*=\s*["']?(https?:|\/\/)/i)
  assert.not.match(html, /url\(\s*["']?(https?:|\/\/)/i)
  assert.not.match(html, /@import/i)
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/)
})

test('the hostile names are escaped in the file itself', () => {
  const html = readFileSync(files.html, 'utf8')
  assert.not.ok(html.includes(HOSTILE_NAME), 'the raw markup never appears')
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'))
  // One </script> per inline script (uPlot, the page script) and none inside the embedded JSON.
  assert.is(html.match(/<\/script>/g)!.length, 3)
})

const inBrowser = browserTest(test, chromiumPath)

inBrowser('opened offline: no console error, no page error, no request but the file', async () => {
  assert.equal(opened.errors, [])
  assert.equal(opened.blocked, [])
  assert.equal(opened.requests.filter((url) => !url.startsWith('file:')), [])
  assert.is(opened.requests.length, 1, opened.requests.join('\n'))
})

inBrowser('every chart is drawn, the timelines with one point per second of the run', async () => {
  const charts = await opened.page.evaluate(() => (window as unknown as { __edgeload: { charts: ChartInfo[] } }).__edgeload.charts)
  assert.equal(charts.map((c) => c.kind), ['throughput', 'latency', 'threads', 'distribution'])
  const seconds = summary.series.length
  for (const chart of charts.filter((c) => c.kind !== 'distribution')) {
    assert.is(chart.points, seconds, `${chart.kind}: ${chart.points} points for ${seconds} seconds`)
    const attribute = await opened.page.getAttribute(`#${chart.id}`, 'data-points')
    assert.is(attribute, String(seconds))
  }
  const byKind = Object.fromEntries(charts.map((c) => [c.kind, c]))
  assert.equal(byKind.throughput!.data[1], summary.series.map((row) => row.requests))
  assert.equal(byKind.throughput!.data[2], summary.series.map((row) => row.errors))
  assert.equal(byKind.threads!.data[1], summary.series.map((row) => row.vus))
  assert.equal(byKind.latency!.series, ['p50 ms', 'p90 ms', 'p99 ms', 'max ms'])
  assert.equal(byKind.latency!.data[3], summary.series.map((row) => (row.requests > 0 ? row.p99Ms : null)))
  // The distribution comes from the run's histogram: from p0 (x = 1) to the max at x = requests.
  const distribution = byKind.distribution!
  assert.ok(distribution.points > 20, `${distribution.points} percentile points`)
  assert.is(distribution.data[0]![0], 1)
  assert.is(distribution.data[0]!.at(-1), summary.overall.requests)
  assert.is(distribution.data[1]!.at(-1), summary.overall.latency.max)
  const inked = await inkedPixels(opened.page)
  for (const chart of charts) assert.ok(inked[chart.id]! > 500, `${chart.id}: ${inked[chart.id]} inked pixels`)
})

/** The cells of a table: one record per row, by data-key, with text and data-value. */
async function tableCells(id: string): Promise<Record<string, { text: string; value: string | null }>[]> {
  return opened.page.$$eval(`#${id} tbody tr`, (rows) => rows.map((row) => Object.fromEntries(
    [...row.querySelectorAll('td[data-key]')].map((td) => [td.getAttribute('data-key'), { text: td.textContent ?? '', value: td.getAttribute('data-value') }]))))
}

inBrowser('the tables show the JSON summary\'s numbers', async () => {
  const phases = await tableCells('phases-table')
  assert.is(phases.length, summary.phases.length)
  summary.phases.forEach((phase, i) => {
    const row = phases[i]!
    assert.is(row.name!.text, phase.name)
    assert.is(row.requests!.text, formatCount(phase.requests))
    assert.is(Number(row.requests!.value), phase.requests)
    assert.is(row.failed!.text, formatCount(phase.failed))
    assert.is(row.throughput!.text, formatRate(phase.throughput))
    for (const key of ['mean', 'p50', 'p90', 'p99', 'max'] as const) {
      assert.is(row[key]!.text, formatMs(phase.latency[key]), `${phase.name} ${key}`)
      assert.is(Number(row[key]!.value), phase.latency[key])
    }
  })
  const endpoints = await tableCells('endpoints-table')
  assert.equal(endpoints.map((row) => row.name!.text), summary.endpoints.map((e) => e.name))
  summary.endpoints.forEach((endpoint, i) => {
    assert.is(endpoints[i]!.requests!.text, formatCount(endpoint.requests))
    assert.is(endpoints[i]!.p99!.text, formatMs(endpoint.latency.p99))
  })
  const checks = await tableCells('checks-table')
  assert.equal(checks.map((c) => [c.name!.text, c.passes!.text, c.fails!.text, c.rate!.text]),
    summary.checks.map((c) => [c.name, formatCount(c.passes), formatCount(c.fails), formatPercent(c.rate)]))
  const thresholds = await tableCells('thresholds-table')
  assert.equal(thresholds.map((t) => [t.metric!.text, t.expression!.text, t.ok!.value]), summary.thresholds.map((t) => [t.metric, t.expression, String(t.ok)]))
  const errors = await tableCells('errors-table')
  assert.equal(errors.map((e) => [e.kind!.text, Number(e.count!.value)]), summary.errors.map((e) => [e.kind, e.count]))
  const cards = await opened.page.$$eval('#cards [data-key]', (cells) => Object.fromEntries(cells.map((c) => [c.getAttribute('data-key'), c.textContent])))
  assert.equal(cards, {
    requests: formatCount(summary.overall.requests), throughput: formatRate(summary.overall.throughput), failedRate: formatPercent(summary.overall.failedRate),
    p50: formatMs(summary.overall.latency.p50), p99: formatMs(summary.overall.latency.p99), max: formatMs(summary.overall.latency.max),
  })
  assert.is(await opened.page.textContent('#outcome'), '1 of 2 thresholds failed')
  assert.is(await opened.page.getAttribute('#cold-starts', 'data-value'), String(summary.overall.coldStarts))
  const server = await tableCells('server-time-table')
  assert.is(server[0]!.p50!.text, formatMs(summary.overall.serverTime!.p50))
  const k6 = await tableCells('k6-metrics-table')
  const k6Names = k6.map((row) => row.metric!.text)
  for (const name of ['iteration_duration', 'http_req_blocked', 'http_req_sending', 'vus', 'vus_max']) assert.ok(k6Names.includes(name), `${name} in ${k6Names}`)
  assert.ok(k6Names.every((name) => summary.metrics[name] !== undefined))
})

inBrowser('user-chosen names show as text and run nothing', async () => {
  const page = opened.page
  assert.is(await page.textContent('#endpoints-table tbody tr:first-child td[data-key=name]'), HOSTILE_NAME)
  assert.ok((await page.textContent('#checks-table'))!.includes('</script><script>alert(2)</script>'))
  assert.ok((await page.textContent('#phases-table'))!.includes('Peak <b>'))
  assert.is(await page.locator('img').count(), 0)
  assert.is(await page.locator('main b').count(), 0)
  assert.equal(opened.dialogs, [])
  // The embedded JSON reads back as the same text.
  const names = await page.evaluate(() => (window as unknown as { __edgeload: { data: { summary: Summary } } }).__edgeload.data.summary.endpoints.map((e) => e.name))
  assert.ok(names.includes(HOSTILE_NAME))
})

inBrowser('dragging across one timeline zooms all three to those seconds; a double-click zooms back out', async () => {
  const page = opened.page
  const ranges = () => page.evaluate(() => (window as unknown as { __edgeload: { xRanges(): [number, number][] } }).__edgeload.xRanges())
  const whole = await ranges()
  const box = (await page.locator('#chart-throughput .u-over').boundingBox())!
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 5 })
  await page.mouse.up()
  const zoomed = await ranges()
  const [timelines, distribution] = [zoomed.slice(0, 3), zoomed[3]]
  for (const range of timelines) assert.equal(range, timelines[0], 'the three timelines show the same seconds')
  assert.ok(timelines[0]![0] > whole[0]![0] && timelines[0]![1] < whole[0]![1], `zoomed to ${timelines[0]} from ${whole[0]}`)
  assert.equal(distribution, whole[3], 'the distribution is not a timeline')
  await page.locator('#chart-latency .u-over').dblclick()
  assert.equal(await ranges(), whole)
})

inBrowser('a screenshot of the whole page is kept', async () => {
  const file = temp.file('report.png')
  await opened.page.screenshot({ path: file, fullPage: true })
  assert.ok(statSync(file).size > 50_000, `${statSync(file).size} bytes`)
})

inBrowser('fits a laptop screen: nothing wider than the window', async () => {
  const width = await opened.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth])
  assert.ok(width[0]! <= width[1]!, `scrollWidth ${width[0]} > clientWidth ${width[1]}`)
})

// A4 less the print stylesheet's 12 mm margins, at 96 px per inch: the width a printed page lays out.
const A4_CONTENT_PX = Math.floor(((210 - 24) / 25.4) * 96)

inBrowser('prints on A4: charts resized to the page, no horizontal overflow, one section per page', async () => {
  const page = opened.page
  await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 })
  await page.emulateMedia({ media: 'print' })
  // The page refits its charts when the print media applies (matchMedia) and when its box shrinks.
  await page.waitForFunction((limit) => [...document.querySelectorAll('canvas')].every((c) => c.getBoundingClientRect().width <= limit), A4_CONTENT_PX, { timeout: 5000 })
  const layout = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    widest: Math.max(...[...document.querySelectorAll('main *')].map((el) => el.getBoundingClientRect().right)),
    breaks: [...document.querySelectorAll('section')].map((s) => getComputedStyle(s).breakBefore),
  }))
  assert.ok(layout.scroll <= layout.client, `scrollWidth ${layout.scroll} > ${layout.client}`)
  assert.ok(layout.widest <= A4_CONTENT_PX, `an element reaches ${layout.widest} px`)
  assert.equal(layout.breaks, ['auto', 'page', 'page', 'page', 'page'])
  const inked = await inkedPixels(page)
  for (const [id, count] of Object.entries(inked)) assert.ok(count > 500, `${id} redrawn for print: ${count} inked pixels`)
  await page.screenshot({ path: temp.file('report-print.png'), fullPage: true })
  // And a real print to PDF: several A4 pages.
  const pdf = await page.pdf({ format: 'A4', path: temp.file('report.pdf') })
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0
  assert.ok(pages >= 5, `${pages} pages`)
  assert.equal(opened.errors, [])
})

test.run()
