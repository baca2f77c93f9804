// The run history with real runs (the runner as a child process, the embedded handler, a real
// SQLite file in a temp EDGELOAD_HOME): saving, --no-save, `runs`, and every form of RUN.
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO, runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('results-history', { deadline: 300 })

const home = tempDir('edgeload-history-test-')
const env = { EDGELOAD_HOME: home.path }
const runner = (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) =>
  runRunner(args, { env, timeoutMs: 60_000, ...options })
const summaryFile = home.file('first.json')

test('every run is saved unless --no-save; `runs` lists them newest first with their result', async () => {
  const first = await runner(['--scenario', 'smoke.ts', '--out', summaryFile])
  assert.is(first.code, 0, first.stderr)
  assert.match(first.stdout, /Saved as run 1 \(node runner report 1;/)
  const failed = await runner(['--scenario', join(REPO, 'test/fixtures/scenarios/thresholds-fail.ts')])
  assert.is(failed.code, 99, failed.stderr)
  const unsaved = await runner(['--scenario', 'smoke.ts', '--no-save'])
  assert.is(unsaved.code, 0)
  assert.not.match(unsaved.stdout, /Saved as run/)
  const { code, stdout } = await runner(['runs'])
  assert.is(code, 0)
  const lines = stdout.trimEnd().split('\n')
  assert.match(lines[0]!, /^\s+id\s+time\s+scenario\s+target\s+requests\s+req\/s\s+p99 ms\s+result$/)
  assert.match(lines[1]!, /^\s+2\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+thresholds-fail\s+embedded handler.*\s+4\s+[\d.]+\s+[\d.]+\s+failed thresholds$/)
  assert.match(lines[2]!, /^\s+1\s+.*smoke\s+embedded handler.*\s+12\s+[\d.]+\s+[\d.]+\s+passed$/)
  assert.is(lines.length, 4, 'two runs and the history line')
  assert.is(lines[3], `History: ${home.file('history.db')}`)
})

test('RUN is an id, last, last~N or a summary file: each shows that run', async () => {
  const cases: [string, RegExp, number][] = [
    ['last', /^Run: run 2\n/, 4],
    ['last~1', /^Run: run 1\n/, 12],
    ['1', /^Run: run 1\n/, 12],
    ['2', /^Run: run 2\n/, 4],
    [summaryFile, new RegExp(`^Run: ${summaryFile.replace(/[.\\/]/g, '\\$&')}\\n`), 12],
  ]
  for (const [run, heading, requests] of cases) {
    const { code, stdout, stderr } = await runner(['report', run])
    assert.is(code, 0, `${run}: ${stderr}`)
    assert.match(stdout, heading)
    assert.match(stdout, new RegExp(`Total number of requests sent: ${requests}\\n`), run)
  }
})

test('a RUN that is not there gets one clear line and exit 2', async () => {
  writeFileSync(home.file('corrupt.json'), '{"schema": "edgeload.summary/2", "overall": ')
  writeFileSync(home.file('foreign.json'), '{"root_group": {}, "metrics": {}}')
  const saved = JSON.parse(readFileSync(summaryFile, 'utf8'))
  writeFileSync(home.file('damaged.json'), JSON.stringify({ ...saved, phases: [{ ...saved.phases[0], latency: undefined }] }))
  const cases: [string, RegExp][] = [
    ['last~2', /^edgeload: last~2: the history holds 2 run\(s\)/],
    ['17', /^edgeload: 17: no run with id 17 in the history/],
    ['yesterday', /^edgeload: "yesterday" is not a run: give a run id from `node runner runs`, last, last~N, or a summary JSON file\n$/],
    [home.file('missing.json'), /missing\.json: no such file\n$/],
    [home.file('corrupt.json'), /corrupt\.json: not valid JSON/],
    [home.file('foreign.json'), /foreign\.json: not an edgeload summary \(it has no "schema" field/],
    [home.file('damaged.json'), /damaged\.json: a damaged edgeload summary: phases\[0\]\.latency: missing, expected an object\n$/],
  ]
  for (const [run, message] of cases) {
    const { code, stdout, stderr } = await runner(['report', run])
    assert.is(code, 2, run)
    assert.is(stdout, '')
    assert.match(stderr, message)
    assert.not.match(stderr, /\n\s+at /, 'no stack trace')
  }
})

test('a history file that is not one: one clear line, exit 2, for runs and RUN alike', async () => {
  const bad = tempDir('edgeload-history-bad-')
  try {
    writeFileSync(bad.file('history.db'), 'not a database at all, just text '.repeat(100))
    for (const args of [['runs'], ['report', 'last']]) {
      const { code, stderr } = await runner(args, { env: { EDGELOAD_HOME: bad.path } })
      assert.is(code, 2, args.join(' '))
      assert.match(stderr, /history\.db: not a run history \(file is not a database\); move it away or set EDGELOAD_HOME\n$/)
    }
  } finally {
    bad.remove()
  }
})

test('without EDGELOAD_HOME the history is .edgeload/ under the working directory', async () => {
  const cwd = tempDir('edgeload-history-cwd-')
  try {
    const empty = await runner(['runs'], { cwd: cwd.path, env: { EDGELOAD_HOME: '' } })
    assert.match(empty.stdout, /^No runs saved yet/)
    const run = await runner(['--scenario', 'smoke.ts', '--quiet'], { cwd: cwd.path, env: { EDGELOAD_HOME: '' } })
    assert.is(run.code, 0, run.stderr)
    assert.ok(existsSync(join(cwd.path, '.edgeload', 'history.db')))
    const { stdout } = await runner(['runs'], { cwd: cwd.path, env: { EDGELOAD_HOME: '' } })
    assert.match(stdout, /^\s+1\s+.*smoke/m)
  } finally {
    cwd.remove()
  }
})

test.after(() => home.remove())

test.run()
