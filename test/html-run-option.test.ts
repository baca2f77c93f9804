// `--html FILE` on a run: refused before any load when it cannot be written (exit 2, as --out),
// and written by an interrupted run too, saying it was interrupted.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { httpServer } from './helpers/load-servers.ts'
import { runRunner, startRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('html-run-option', { deadline: 300 })

const temp = tempDir('edgeload-html-option-')

test('--html naming a directory is refused before the run starts (exit 2)', async () => {
  const { code, stdout, stderr } = await runRunner(['--scenario', 'peak.ts', '--html', temp.path, '--no-save'])
  assert.is(code, 2)
  assert.is(stderr.trim().split('\n')[0], `edgeload: --html ${temp.path}: is a directory; name a file, e.g. --html ${temp.path}/run.html`)
  assert.not.match(stdout, /Client Starting/, 'no load was sent')
})

test('--html under a path that cannot be a folder is refused before the run starts (exit 2)', async () => {
  const file = temp.file('plain-file')
  writeFileSync(file, 'not a folder')
  const { code, stdout, stderr } = await runRunner(['--scenario', 'peak.ts', '--html', `${file}/report.html`, '--no-save'])
  assert.is(code, 2)
  assert.match(stderr, new RegExp(`^edgeload: --html ${file}/report.html: cannot write there \\(`))
  assert.not.match(stderr, /\n\s+at /, 'no stack trace')
  assert.not.match(stdout, /Client Starting/)
})

test('--html without a value is a usage error', async () => {
  const { code, stderr } = await runRunner(['--scenario', 'peak.ts', '--no-save', '--html'])
  assert.is(code, 2)
  assert.match(stderr, /--html/)
})

test('an interrupted run (Ctrl-C) still writes its page, marked interrupted', async () => {
  const html = temp.file('nested/partial.html')
  const target = await httpServer()
  const runner = startRunner(['--scenario', 'test/fixtures/scenarios/long-running.ts', '--target', target.url, '--html', html, '--no-save'])
  try {
    await runner.waitFor(/Endless phase: All threads running\.\.\./)
    await target.reached(5) // the premise: requests were made before the signal
    runner.child.kill('SIGINT')
    const { code, stdout } = await runner.exit(20_000)
    assert.is(code, 130)
    assert.match(stdout, new RegExp(`HTML report written to ${html}`))
    assert.ok(existsSync(html))
    assert.match(readFileSync(html, 'utf8'), /<span class="verdict warn" id="outcome">interrupted \(Ctrl-C\): a partial run<\/span>/)
  } finally {
    runner.kill()
    await target.close()
  }
})

test.after(() => temp.remove())

test.run()
