/**
 * npm run docs:screenshot: runs bench/scenarios/html-report-demo.ts (about 16 s against the
 * embedded handler), opens its --html report in headless Chromium (the one the tests use) and
 * writes the top of the page (header, numbers, the charts over time) to docs/img/html-report.png.
 * Pictures in the docs are made this way, never by hand.
 *   npm run docs:screenshot [-- OUT.png]
 */
import { mkdirSync, rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { findChromium, launchChromium, openReport } from '../../test/helpers/html-browser.ts'
import { REPO, runRunner } from '../../test/helpers/runner-child.ts'
import { tempDir } from '../../test/helpers/temp-dir.ts'

const out = resolve(process.argv[2] ?? `${REPO}docs/img/html-report.png`)
const chromium = findChromium()
if (!chromium) {
  console.error('docs:screenshot: no chromium in PATH (install Debian\'s chromium, or set CHROMIUM_PATH)')
  process.exit(2)
}

const temp = tempDir('edgeload-docs-screenshot-')
try {
  const html = temp.file('report.html')
  console.log('Running bench/scenarios/html-report-demo.ts (about 16 s)...')
  const run = await runRunner(['--scenario', 'bench/scenarios/html-report-demo.ts', '--html', html, '--quiet', '--no-save'], { timeoutMs: 120_000 })
  if (run.code !== 0) throw new Error(`the demo run exited ${run.code}:\n${run.stderr}`)
  const browser = await launchChromium(chromium)
  try {
    const opened = await openReport(browser, html, { width: 1280, height: 900 })
    if (opened.errors.length > 0) throw new Error(`the report logged errors: ${opened.errors.join('; ')}`)
    // The header, the numbers and the "Over time" section: what a reader sees first.
    const bottom = await opened.page.evaluate(() => document.getElementById('over-time')!.getBoundingClientRect().bottom + window.scrollY)
    mkdirSync(dirname(out), { recursive: true })
    await opened.page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 16 }, fullPage: true })
  } finally {
    await browser.close()
  }
  console.log(`Wrote ${out}`)
} finally {
  rmSync(temp.path, { recursive: true, force: true })
}
