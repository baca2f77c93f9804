// The comparison page (`compare A B --html FILE`, docs/html-report.md) of two real runs of a few
// seconds, opened from file:// in a real headless Chromium with the network cut off. One run's
// file is named like markup: its label must show as text.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { copyFileSync, readFileSync, rmSync, statSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import type { Summary } from '../src/report/summary-types.ts'
import { formatChange, formatRowValue } from '../src/report/compare/comparison-text.ts'
import type { Comparison } from '../src/report/compare/comparison-types.ts'
import { HOSTILE_NAME } from './fixtures/scenarios/html-report.ts'
import { browserTest, findChromium, inkedPixels, launchChromium, openReport, type OpenedPage } from './helpers/html-browser.ts'
import { runRunner, type RunnerExit } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('html-compare', { deadline: 300 })

const chromiumPath = findChromium()
const temp = tempDir('edgeload-html-compare-')
const hostileLabel = `${HOSTILE_NAME}.json`
const files = { a: temp.file('a.json'), b: temp.file('b.json'), hostile: temp.file(hostileLabel), html: temp.file('compare.html') }
let compared: RunnerExit
let json: Comparison
let summaries: Summary[]
let browser: Browser | undefined
let opened: OpenedPage

interface ChartInfo { id: string; kind: string; points: number; series: string[]; data: (number | null)[][] }

test.before(async () => {
  for (const out of [files.a, files.b]) {
    const run = await runRunner(['--scenario', 'test/fixtures/scenarios/html-report.ts', '--out', out, '--quiet', '--no-save'], { timeoutMs: 60_000 })
    assert.is(run.code, 99, run.stderr)
  }
  copyFileSync(files.b, files.hostile)
  // The runs as the user names them: relative to the working directory, as labels.
  compared = await runRunner(['compare', 'a.json', hostileLabel, '--json', '--html', 'compare.html'], { cwd: temp.path, timeoutMs: 60_000 })
  json = JSON.parse(compared.stdout)
  summaries = [files.a, files.hostile].map((file) => JSON.parse(readFileSync(file, 'utf8')))
  if (!chromiumPath) return
  browser = await launchChromium(chromiumPath)
  opened = await openReport(browser, files.html)
})

test.after(async () => {
  await browser?.close()
  for (const file of [files.a, files.b, files.hostile, files.html]) rmSync(file, { force: true })
  if (chromiumPath) console.log(`  screenshots kept in ${temp.path}`)
  else temp.remove()
})

test('compare writes the page and its JSON names the two runs', () => {
  assert.is(compared.code, 0, compared.stderr)
  assert.equal(json.runs.map((r) => r.label), ['a.json', hostileLabel])
  assert.ok(statSync(files.html).size > 50_000)
  assert.not.ok(readFileSync(files.html, 'utf8').includes(HOSTILE_NAME), 'the label is escaped in the file')
})

const inBrowser = browserTest(test, chromiumPath)

inBrowser('opened offline: no console error, no page error, no request but the file', async () => {
  assert.equal(opened.errors, [])
  assert.equal(opened.blocked, [])
  assert.is(opened.requests.length, 1, opened.requests.join('\n'))
})

inBrowser('the distributions and timelines are overlaid, one line per run, one point per second', async () => {
  const charts = await opened.page.evaluate(() => (window as unknown as { __edgeload: { charts: ChartInfo[] } }).__edgeload.charts)
  assert.equal(charts.map((c) => c.kind), ['distribution', 'throughput', 'p99'])
  for (const chart of charts) assert.equal(chart.series, ['a.json', hostileLabel], chart.kind)
  const seconds = Math.max(...summaries.map((s) => s.series.length))
  const [, throughput, p99] = charts
  assert.is(throughput!.points, seconds)
  assert.is(p99!.points, seconds)
  summaries.forEach((summary, i) => {
    const requests = throughput!.data[i + 1]!
    assert.equal(requests.slice(0, summary.series.length), summary.series.map((row) => row.requests))
    assert.ok(requests.slice(summary.series.length).every((v) => v === null), 'a shorter run ends')
    assert.equal(p99!.data[i + 1]!.slice(0, summary.series.length), summary.series.map((row) => (row.requests > 0 ? row.p99Ms : null)))
  })
  // Each run's distribution ends at its own maximum, at x = its request count.
  const distribution = charts[0]!
  summaries.forEach((summary, i) => {
    const at = distribution.data[0]!.indexOf(summary.overall.requests)
    assert.ok(at >= 0, `x = ${summary.overall.requests} is a point`)
    assert.is(distribution.data[i + 1]![at], summary.overall.latency.max)
  })
  const inked = await inkedPixels(opened.page)
  for (const chart of charts) assert.ok(inked[chart.id]! > 500, `${chart.id}: ${inked[chart.id]} inked pixels`)
})

inBrowser('the comparison table shows compare\'s numbers and verdicts', async () => {
  const rows = await opened.page.$$eval('#comparison-table tbody tr', (trs) => trs.map((tr) => Object.fromEntries(
    [...tr.querySelectorAll('td[data-key]')].map((td) => [td.getAttribute('data-key'), { text: td.textContent ?? '', value: td.getAttribute('data-value') }]))))
  assert.is(rows.length, json.rows.length)
  json.rows.forEach((row, i) => {
    const cells = rows[i]!
    assert.is(cells.label!.text, row.label)
    row.values.forEach((value, run) => {
      const cell = cells[`value-${run}`]!
      if (value === null) return assert.is(cell.text, '-')
      assert.is(cell.text, formatRowValue(row, value), `${row.label} run ${run}`)
      assert.is(Number(cell.value), value)
    })
    const diff = row.diffs[1]
    assert.is(Number(cells.change!.value), diff!.absolute, row.label)
    assert.is(cells.change!.text, formatChange(row, diff!, row.values[0]), 'worded as compare prints it')
    assert.is(cells.verdict!.text, diff!.verdict ?? '', row.label)
  })
  assert.is(await opened.page.textContent('#method'), json.method)
  // The answer first: every significant change, else what was found.
  const headline = (await opened.page.textContent('#headline li'))!
  assert.ok(headline.startsWith(`${hostileLabel} against a.json: `), headline)
  const significant = json.rows.filter((row) => row.diffs[1]?.verdict === 'better' || row.diffs[1]?.verdict === 'worse')
  for (const row of significant) assert.ok(headline.includes(`${row.label} ${row.diffs[1]!.verdict} (${formatChange(row, row.diffs[1]!, row.values[0])})`), headline)
  if (significant.length === 0) assert.ok(json.rows.some((row) => headline.endsWith(`: ${row.diffs[1]?.verdict === 'no significant difference' ? 'no significant difference in any figure judged' : row.diffs[1]?.verdict}`)), headline)
})

inBrowser('a run label that looks like markup shows as text and runs nothing', async () => {
  const page = opened.page
  assert.ok((await page.textContent('h1'))!.includes(hostileLabel))
  assert.ok((await page.textContent('#runs-table'))!.includes(hostileLabel))
  assert.ok((await page.textContent('#chart-compare-distribution .u-legend'))!.includes(hostileLabel))
  assert.is(await page.locator('img').count(), 0)
  assert.equal(opened.dialogs, [])
  await page.screenshot({ path: temp.file('compare.png'), fullPage: true })
  assert.ok(statSync(temp.file('compare.png')).size > 50_000)
})

inBrowser('prints on A4 without horizontal overflow', async () => {
  const page = opened.page
  const width = Math.floor(((210 - 24) / 25.4) * 96)
  await page.setViewportSize({ width, height: 1000 })
  await page.emulateMedia({ media: 'print' })
  await page.waitForFunction((limit) => [...document.querySelectorAll('canvas')].every((c) => c.getBoundingClientRect().width <= limit), width, { timeout: 5000 })
  const layout = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
    Math.max(...[...document.querySelectorAll('main *')].map((el) => el.getBoundingClientRect().right))])
  assert.ok(layout[0]! <= layout[1]!, `scrollWidth ${layout[0]} > ${layout[1]}`)
  assert.ok(layout[2]! <= width, `an element reaches ${layout[2]} px`)
  assert.equal(opened.errors, [])
})

test.run()
