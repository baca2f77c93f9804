import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import * as assert from 'uvu/assert'
import { ROOT } from './helpers/store-run.ts'
import { suite } from './helpers/suite.ts'

// compare:local takes the local Lambda's settings from the environment as start:lambda does
// (docs/runtimes.md): a bad one is refused before any runtime starts, not a lambda column quietly
// "not measured" under a run that exits 0.
const test = suite('compare-local settings', { deadline: 120 })
const run = promisify(execFile)

test('a bad LAMBDA_* variable: exit 2 naming it, before any runtime runs', async () => {
  const failed = await run(process.execPath, ['--import', 'tsx', 'bench/compare-local.ts', '--runtimes', 'node,lambda', '--threads', '1', '--iterations', '1'], {
    cwd: ROOT, timeout: 60_000, env: { ...process.env, LAMBDA_CONCURRENCY: '2O' },
  }).then(() => undefined, (error) => error)
  assert.is(failed?.code, 2, failed?.stdout)
  assert.match(failed.stderr, /LAMBDA_CONCURRENCY must be an integer from 1 to 10000, got "2O"/)
  assert.not.match(failed.stdout, /node \.\.\./, 'no runtime was started')
})

test.run()
