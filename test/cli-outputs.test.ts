// The outputs table (src/outputs/output-table.ts, through runner/outputs.ts): every command that writes files checks them before it
// works (a bad path is one line and exit 2, never an internal-error stack trace), and a write
// the file system refuses afterwards is a RunFailure naming the flag and the file.
import { writeFileSync } from 'node:fs'
import * as assert from 'uvu/assert'
import { RunFailure } from '../src/load/run-errors.ts'
import { readSummaryFile } from '../src/report/summary-read.ts'
import { checkOutputs, writeSummaryOutputs } from '../runner/outputs.ts'
import { runRunner } from './helpers/runner-child.ts'
import { suite } from './helpers/suite.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('cli-outputs', { deadline: 180 })
const temp = tempDir('edgeload-outputs-')
const SAVED = 'test/fixtures/report/summary-v1.json'

/** A path under a plain file: no folder can be made there. */
function unwritable(name: string): string {
  const file = temp.file(`plain-file-${name}`)
  writeFileSync(file, 'not a folder')
  return `${file}/${name}`
}

function assertOneLine(stderr: string, flag: string, file: string): void {
  assert.is(stderr.trim().split('\n').length, 1, stderr)
  assert.match(stderr, new RegExp(`^edgeload: ${flag} ${file}: cannot write there \\(`))
  assert.not.match(stderr, /internal error|\n\s+at /)
}

test('merge: a bad --html path is one line and exit 2, checked before the parts are read', async () => {
  const html = unwritable('merged.html')
  // The "part" is not one: had it been read first, the message would say so.
  const { code, stdout, stderr } = await runRunner(['merge', SAVED, '--html', html])
  assert.is(code, 2, stderr)
  assert.is(stdout, '')
  assertOneLine(stderr, '--html', html)
})

test('merge: --csv naming a directory is refused, naming a file to give instead', async () => {
  const { code, stderr } = await runRunner(['merge', SAVED, '--csv', temp.path])
  assert.is(code, 2, stderr)
  assert.is(stderr.trim(), `edgeload: --csv ${temp.path}: is a directory; name a file, e.g. --csv ${temp.path}/run.csv`)
})

test('one file check for every output: the file of a stream naming a directory is refused as --csv is, before the scenario loads', async () => {
  const { code, stdout, stderr } = await runRunner(['--scenario', 'no-such-scenario.ts', '--out', `json=${temp.path}`, '--no-save'])
  assert.is(code, 2, stderr)
  assert.is(stdout, '')
  assert.is(stderr.split('\n')[0], `edgeload: --out json=${temp.path}: is a directory; name a file, e.g. --out json=${temp.path}/samples.jsonl.gz`)
})

test('report and compare: a bad --html path is one line and exit 2', async () => {
  const html = unwritable('report.html')
  const report = await runRunner(['report', SAVED, '--html', html])
  assert.is(report.code, 2, report.stderr)
  assertOneLine(report.stderr, '--html', html)
  const compare = await runRunner(['compare', SAVED, SAVED, '--html', html])
  assert.is(compare.code, 2, compare.stderr)
  assertOneLine(compare.stderr, '--html', html)
  assert.is(compare.stdout, '', 'refused before comparing')
})

test('report --html writes the page and says whose it is', async () => {
  const html = temp.file('saved.html')
  const { code, stdout, stderr } = await runRunner(['report', SAVED, '--html', html])
  assert.is(code, 0, stderr)
  assert.match(stdout, new RegExp(`^HTML report of .*summary-v1\\.json written to ${html}\\n$`))
})

test('an output flag without a file name is a usage error naming the flag', async () => {
  const { code, stderr } = await runRunner(['merge', SAVED, '--out'])
  assert.is(code, 2)
  assert.match(stderr, /^edgeload: .*--out/)
  assert.not.match(stderr, /internal error/)
})

test('a write refused after the check is a RunFailure naming the flag and the file; --out - prints the marked line', () => {
  const { summary } = readSummaryFile(SAVED)
  const csv = unwritable('late.csv')
  const said: string[] = []
  const printed: string[] = []
  try {
    writeSummaryOutputs({ out: '-', csv }, summary, (text) => printed.push(text), (line) => said.push(line))
    assert.unreachable('the write under a plain file succeeded')
  } catch (error) {
    assert.instance(error, RunFailure)
    assert.match((error as Error).message, new RegExp(`^--csv ${csv}: could not write it \\(E[A-Z]+: `))
  }
  assert.is(printed.length, 1)
  assert.match(printed[0]!, /^EDGELOAD_SUMMARY /)
  assert.equal(said, [])
  // `-` is standard output for --out only: checked as a file elsewhere.
  assert.not.throws(() => checkOutputs({ out: '-' }))
})

test.after(() => temp.remove())

test.run()
