import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { promisify } from 'node:util'
import * as assert from 'uvu/assert'
import { ROOT } from './helpers/store-run.ts'
import { suite } from './helpers/suite.ts'
import { tempDir } from './helpers/temp-dir.ts'

/**
 * .ci/tally, the verdict of .ci/run, on real uvu output (a fixture suite run through uvu's CLI)
 * and on hand-made logs: a skip fails CI and is named, a failure fails it, a run with no test
 * fails it; and a suite's deadline ends a test that never ends.
 */
const test = suite('ci-tally', { deadline: 300 })
const run = promisify(execFile)
const dir = tempDir('edgeload-ci-tally-')
test.after(() => dir.remove())

type Exit = { code: number; stdout: string; stderr: string }
const exitOf = (p: Promise<{ stdout: string; stderr: string }>): Promise<Exit> =>
  p.then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (e: Exit) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }))

const uvu = (fixture: string, env: Record<string, string> = {}) =>
  exitOf(run(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test/fixtures/ci', fixture], { cwd: ROOT, timeout: 60_000, env: { ...process.env, ...env } }))

async function tally(log: string, testStatus = 0, typecheckStatus = 0): Promise<Exit> {
  const file = dir.file(`log-${Math.random().toString(36).slice(2)}.txt`)
  writeFileSync(file, log)
  return exitOf(run('bash', ['.ci/tally', file, String(testStatus), String(typecheckStatus)], { cwd: ROOT, timeout: 30_000 }))
}

const totals = (total: number, passed: number, skipped: number) =>
  `\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  12.00ms\n\n`

test('a real uvu run with a skip: uvu counts it as Skipped, and the tally fails naming the test and why', async () => {
  const tests = await uvu('one-skip')
  assert.is(tests.code, 0, tests.stdout + tests.stderr)
  assert.match(tests.stdout, /^SKIP one skip › needs the frobnicator: the frobnicator is not installed here$/m)
  const verdict = await tally(tests.stdout, tests.code)
  assert.is(verdict.code, 1, verdict.stdout)
  assert.match(verdict.stdout, /^1 passed, 0 failed, 1 skipped$/m)
  assert.match(verdict.stdout, /1 tests skipped, so not checked here: CI must skip nothing:\n {2}SKIP one skip › needs the frobnicator: the frobnicator is not installed here/)
})

test('a test that never ends fails at its suite\'s deadline with a message, the next one too, and the run exits', async () => {
  const tests = await uvu('hangs')
  assert.is(tests.code, 1)
  const plain = tests.stdout.replace(/\x1b\[[0-9;]*m/g, '')
  assert.match(plain, /hangs: test "never ends" still running at the suite's 1 s deadline/)
  assert.match(plain, /hangs: its 1 s deadline passed before test "comes after" started/)
  const verdict = await tally(tests.stdout, tests.code)
  assert.is(verdict.code, 1)
  assert.match(verdict.stdout, /^0 passed, 2 failed, 0 skipped$/m)
})

test('the whole run has a deadline too: past it the run stops with a failure naming what was running', async () => {
  const tests = await uvu('long', { EDGELOAD_TEST_RUN_DEADLINE_S: '1' })
  assert.is(tests.code, 1)
  assert.match(tests.stderr, /FAIL the test run passed its 1 s deadline while running long › test "takes 20 s"/)
  assert.is((await tally(tests.stdout + tests.stderr, tests.code)).code, 1)
})

test('all passed, nothing skipped: the tally passes', async () => {
  const verdict = await tally(`file.test.ts\n • • •  (3 / 3)\n${totals(3, 3, 0)}`)
  assert.is(verdict.code, 0, verdict.stdout)
  assert.is(verdict.stdout, '3 passed, 0 failed, 0 skipped\n')
})

test('a failed test, a failed type check, a run that exited non-zero, no test at all: each fails', async () => {
  const failed = await tally(totals(3, 2, 0), 1)
  assert.is(failed.code, 1)
  assert.match(failed.stdout, /^2 passed, 1 failed, 0 skipped\ntests failed$/m)
  const typecheck = await tally(totals(3, 3, 0), 0, 2)
  assert.is(typecheck.code, 1)
  assert.match(typecheck.stdout, /typecheck failed/)
  const crashed = await tally(totals(3, 3, 0), 1)
  assert.is(crashed.code, 1, 'totals that look fine but a non-zero exit (an after hook failed, a crash)')
  const none = await tally('Exiting early before testing is finished.\n', 1)
  assert.is(none.code, 1)
  assert.match(none.stdout, /no test ran/)
})

test('a skip counted by uvu but printed by nobody still fails, and says so', async () => {
  const verdict = await tally(totals(2, 2, 1))
  assert.is(verdict.code, 1)
  assert.match(verdict.stdout, /no SKIP line says which/)
})

test.run()
