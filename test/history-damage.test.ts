// Issue 20 case 7, as a user hits it: a history.db with a damaged page, and a row whose summary
// is not JSON (real SQLite files, the runner as a child process). Reading either is one line and
// exit 2, never "internal error" and a stack; saving a new run into the damaged file still saves
// it, and says the file fails its integrity check.
import * as assert from 'uvu/assert'
import { suite } from './helpers/suite.ts'
import { openSync, writeSync, closeSync } from 'node:fs'
import Database from 'better-sqlite3'
import { RunHistory } from '../src/history/history-db.ts'
import { constructedSummary } from './helpers/constructed-run.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('history-damage', { deadline: 180 })

const home = tempDir('edgeload-history-damage-')
const env = { EDGELOAD_HOME: home.path }
const runner = (args: string[]) => runRunner(args, { env, timeoutMs: 60_000 })

test.before(() => {
  // Three saved runs, by the code a run saves with; each summary (30 s of per-second histograms) spans several pages.
  const history = RunHistory.open(home.path)
  try {
    for (let seed = 1; seed <= 3; seed++) history.save(constructedSummary({ seconds: 30, rate: 200, baseUs: 2000, seed }), 0)
  } finally {
    history.close()
  }
})

test.after(() => home.remove())

test('a row whose summary is not JSON: one line naming the run, exit 2', async () => {
  const db = new Database(home.file('history.db'))
  try {
    db.prepare("UPDATE runs SET summary = '{\"schema\": \"edgeload.summary/2\", trunc' WHERE id = 2").run()
  } finally {
    db.close()
  }
  for (const args of [['report', '2'], ['compare', '1', '2'], ['report', 'last~1']]) {
    const { code, stdout, stderr } = await runner(args)
    assert.is(code, 2, `${args.join(' ')}: ${stdout}${stderr}`)
    assert.match(stderr, /^edgeload: run 2 in .*history\.db: its stored summary is not JSON \(.*\); the other runs are unaffected\n$/)
  }
  const other = await runner(['report', '3'])
  assert.is(other.code, 0, other.stderr)
})

test('a damaged page: reading the run it holds is one line and exit 2', async () => {
  const db = new Database(home.file('history.db'))
  let page: number
  let pageSize: number
  try {
    // The first overflow page of the runs table holds part of run 1's summary.
    page = (db.prepare("SELECT pageno FROM dbstat WHERE name = 'runs' AND pagetype = 'overflow' ORDER BY pageno LIMIT 1").get() as { pageno: number }).pageno
    pageSize = db.pragma('page_size', { simple: true }) as number
    db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    db.close()
  }
  // Its pointer to the next page of the chain now points far past the end of the file.
  const fd = openSync(home.file('history.db'), 'r+')
  try {
    writeSync(fd, Buffer.from([0x7f, 0xff, 0xff, 0xf0]), 0, 4, (page - 1) * pageSize)
  } finally {
    closeSync(fd)
  }
  const { code, stdout, stderr } = await runner(['report', '1'])
  assert.is(code, 2, stdout + stderr)
  assert.match(stderr, /^edgeload: .*history\.db: the history is damaged \(.*\); move it away or set EDGELOAD_HOME to start a new one\n$/)
  assert.not.match(stderr, /internal error|    at /)
})

test('a run saved into the damaged history is saved, with a warning that the file fails its integrity check', async () => {
  // --quiet (as in CI) hides live lines, not this warning.
  const run = await runner(['--scenario', 'smoke.ts', '--quiet'])
  assert.is(run.code, 0, run.stderr)
  assert.match(run.stderr, /Saved as run 4 /)
  assert.match(run.stderr, /Warning: .*history\.db fails its integrity check \(Tree \d+ page \d+ cell \d+: invalid page number \d+ \(and \d+ more problems?\)\): runs in it may be lost; move it away or set EDGELOAD_HOME to start a new one/)
  const listed = await runner(['runs'])
  assert.is(listed.code, 0, listed.stderr)
  assert.match(listed.stdout, /^\s+4\s+.*smoke/m)
})

test('--repeat into a history that is not a database: each run says it was not saved (even --quiet), and no last~N side is offered', async () => {
  const other = tempDir('edgeload-history-garbage-')
  try {
    const fd = openSync(other.file('history.db'), 'w')
    writeSync(fd, 'garbage\n')
    closeSync(fd)
    const run = await runRunner(['--scenario', 'smoke.ts', '--repeat', '2', '--quiet'], { env: { EDGELOAD_HOME: other.path }, timeoutMs: 60_000 })
    assert.is(run.code, 0, run.stderr)
    assert.is(run.stderr.match(/Warning: the run was not saved to the history: file is not a database/g)?.length, 2, run.stderr)
    assert.not.match(run.stdout, /runs saved/)
    assert.match(run.stderr, /--repeat: the history did not keep all 2 runs \(see the warnings above\): compare them by their --out files, not by last~N/)
  } finally {
    other.remove()
  }
})

test.run()
