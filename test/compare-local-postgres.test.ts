import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { LOCAL_RUNTIMES, unavailable } from '../src/local-runtimes/runtimes.ts'
import { ROOT } from './helpers/store-run.ts'

const test = suite('compare-local-postgres', { deadline: 600 })

const run = promisify(execFile)
const cells = (lines: string[], label: string) => lines.find((l) => l.trimStart().startsWith(label))!.trim().slice(label.length).trim().split(/\s{2,}/)

test('compare:local --store postgres runs every runtime on one embedded PostgreSQL', async () => {
  const args = ['--import', 'tsx', 'bench/compare-local.ts', '--store', 'postgres', '--scenario', 'steps.ts', '--threads', '2', '--iterations', '2']
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, timeout: 240_000, env: { ...process.env, DATABASE_URL: '' } })
  const lines = stdout.split('\n')
  assert.match(stdout, /store for every runtime: postgres:\/\/edgeload@127\.0\.0\.1:\d+\/edgeload \(embedded PostgreSQL, a fresh database per runtime\)/)
  const measured = LOCAL_RUNTIMES.map((r) => !unavailable(r))
  // compare:local's table is a compare of the measured runtimes: a column each, changes between.
  const listed = lines.slice(lines.indexOf('Stores:') + 1)
  const stores = listed.slice(0, listed.findIndex((l) => !/^  \S+\s{2,}\S/.test(l))).map((l) => l.trim().split(/\s{2,}/)[1])
  assert.equal(stores, measured.filter(Boolean).map(() => 'postgres'))
  // steps.ts with 2 threads: phases of 1, 1, 2 and 1 threads x 2 iterations x 5 requests.
  assert.equal(cells(lines, 'Successful').filter((c) => /^\d+$/.test(c)), measured.filter(Boolean).map(() => '50'))
})

test('--store takes postgres or embedded only', async () => {
  const failed = await run(process.execPath, ['--import', 'tsx', 'bench/compare-local.ts', '--store', 'mysql'], { cwd: ROOT }).then(() => undefined, (e) => e)
  assert.is(failed?.code, 2)
  assert.match(failed.stderr, /--store must be postgres or embedded, got "mysql"/)
})

test.run()
