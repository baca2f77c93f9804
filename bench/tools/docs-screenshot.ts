/**
 * npm run docs:screenshot: runs bench/scenarios/html-report-demo.ts (about 16 s against the
 * embedded handler) with --dashboard and --html, and in headless Chromium (the one the tests use)
 * takes the live dashboard mid-run (docs/img/dashboard.png) and the top of the --html report at
 * the end (header, numbers, the charts over time: docs/img/html-report.png).
 * Pictures in the docs are made this way, never by hand.
 *   npm run docs:screenshot [-- IMG_DIR]
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { findChromium, launchChromium, openReport, openServed } from '../../test/helpers/html-browser.ts'
import { REPO, startRunner } from '../../test/helpers/runner-child.ts'
import { tempDir } from '../../test/helpers/temp-dir.ts'

const dir = resolve(process.argv[2] ?? `${REPO}docs/img`)
const chromium = findChromium()
if (!chromium) {
  console.error('docs:screenshot: no chromium in PATH (install Debian\'s chromium, or set CHROMIUM_PATH)')
  process.exit(2)
}
/** The live page is taken once this many seconds are drawn: the Peak phase is running. */
const LIVE_SECONDS = 10

const temp = tempDir('edgeload-docs-screenshot-')
const runner = startRunner(['--scenario', 'bench/scenarios/html-report-demo.ts', '--html', temp.file('report.html'), '--dashboard=0', '--quiet', '--no-save'])
const browser = await launchChromium(chromium)
try {
  console.log('Running bench/scenarios/html-report-demo.ts (about 16 s)...')
  mkdirSync(dir, { recursive: true })
  await runner.waitFor(/Dashboard: http:\/\/127\.0\.0\.1:\d+\//)
  const url = /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(runner.stdout)![1]!
  const live = await openServed(browser, url, { width: 1280, height: 900 })
  await live.page.waitForFunction((n) => ((window as unknown as { __edgeload: { live?: { seconds: number } } }).__edgeload.live?.seconds ?? 0) >= n, LIVE_SECONDS, { timeout: 60_000 })
  await shoot(live.page, live.errors, 'live-thresholds', join(dir, 'dashboard.png'))
  await live.page.context().close()
  const run = await runner.exit(120_000)
  if (run.code !== 0 && run.code !== 99) throw new Error(`the demo run exited ${run.code}:\n${run.stderr}`)
  const report = await openReport(browser, temp.file('report.html'), { width: 1280, height: 900 })
  // The header, the numbers and the "Over time" section: what a reader sees first.
  await shoot(report.page, report.errors, 'over-time', join(dir, 'html-report.png'))
} finally {
  runner.kill()
  await browser.close()
  rmSync(temp.path, { recursive: true, force: true })
}

/** The page from its top to the bottom of section `lastId`; refused if the page logged errors. */
async function shoot(page: Page, errors: string[], lastId: string, out: string): Promise<void> {
  if (errors.length > 0) throw new Error(`${page.url()} logged errors: ${errors.join('; ')}`)
  const bottom = await page.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().bottom + window.scrollY, lastId)
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 16 }, fullPage: true })
  console.log(`Wrote ${out}`)
}
