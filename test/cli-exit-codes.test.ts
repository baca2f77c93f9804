import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { httpServer, closedPort, resettingServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('cli-exit-codes', { deadline: 600 })

const FIXTURES = 'test/fixtures/scenarios'
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m

test('--help lists every option with a line, the examples and the exit codes; exit 0', async () => {
  const { code, stdout } = await runRunner(['--help'])
  assert.is(code, 0)
  for (const option of ['--scenario', '--target', '--threads', '--iterations', '--duration', '--timeout', '--out', '--csv',
    '--seed', '--env', '--quiet', '--no-progress', '--help', '--version']) {
    assert.match(stdout, new RegExp(`^  (-\\w, )?${option}.*\\w{3,}`, "m"), option)
  }
  assert.match(stdout, /Examples:\n.*node runner --scenario peak\.ts/)
  assert.match(stdout, /Exit codes:[\s\S]*99 +a threshold failed[\s\S]*130/)
})

test('--version prints the package version', async () => {
  const { code, stdout } = await runRunner(['--version'])
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'))
  assert.is(code, 0)
  assert.ok(stdout.includes(version), stdout)
})

test('a missing scenario: a message listing the available scenarios, exit 2', async () => {
  const { code, stdout, stderr } = await runRunner(['--scenario', 'nope.ts'])
  assert.is(code, 2)
  assert.is(stdout, '')
  assert.match(stderr, /Scenario "nope\.ts" not found/)
  assert.match(stderr, /Available scenarios: .*peak\.ts.*smoke\.ts.*steps\.ts/)
})

test('a scenario with a syntax error: file and line, no stack trace, exit 2', async () => {
  // Written at test time: a broken .ts file in the repository would break the typecheck.
  const dir = tempDir()
  try {
    const file = dir.file('syntax-error.ts')
    writeFileSync(file, "export default {\n  async iteration(http) {\n    await http.get('/myresource'\n  },\n}\n")
    const { code, stderr } = await runRunner(['--scenario', file])
    assert.is(code, 2)
    assert.ok(stderr.includes(`Scenario ${file} could not be loaded: line 4, column 3: `), stderr)
    assert.not.match(stderr, STACK_LINE)
  } finally {
    dir.remove()
  }
})

test('a scenario that throws while loading: file, line and message, exit 2', async () => {
  const { code, stderr } = await runRunner(['--scenario', `${FIXTURES}/throws-on-load.ts`])
  assert.is(code, 2)
  assert.match(stderr, /throws-on-load\.ts could not be loaded: line 3: config file missing/)
  assert.not.match(stderr, STACK_LINE)
})

test('a scenario without a default export says so, exit 2', async () => {
  const { code, stderr } = await runRunner(['--scenario', `${FIXTURES}/no-default.ts`])
  assert.is(code, 2)
  assert.match(stderr, /no-default\.ts has no default export.*\(it exports scenario\)/)
})

test('an invalid scenario lists every problem at once, exit 2', async () => {
  const { code, stderr } = await runRunner(['--scenario', `${FIXTURES}/invalid.ts`])
  assert.is(code, 2)
  assert.match(stderr, /invalid\.ts is not valid:/)
  for (const problem of [/threads must be a whole number >= 1, got -2/, /phases\[0\] "Warmup": threads is a share/,
    /phases\[1\] "Odd": unknown kind "ramp"/, /phases\[2\] "Neg": iterations must be/, /thresholds: http_req_duration/]) {
    assert.match(stderr, problem)
  }
})

test('bad options: every problem in one message, exit 2, nothing run', async () => {
  const { code, stdout, stderr } = await runRunner(['--scenario', 'peak.ts', '--threads', 'many', '--timeout', '30',
    '--target', 'localhost:8080', '--bogus', '1', '--env', 'novalue'])
  assert.is(code, 2)
  assert.is(stdout, '')
  for (const problem of [/--threads must be a whole number >= 1, got "many"/, /--timeout "30" is not a duration: use a unit/,
    /--target must be an http:\/\/ or https:\/\/ URL/, /unknown option --bogus/, /--env takes KEY=VALUE/]) {
    assert.match(stderr, problem)
  }
  assert.match(stderr, /--help/)
})

test('no --scenario at all is a usage error', async () => {
  const { code, stderr } = await runRunner([])
  assert.is(code, 2)
  assert.match(stderr, /--scenario is required/)
})

test('a target that cannot be reached: one line, exit 1', async () => {
  const url = await closedPort()
  const { code, stdout, stderr } = await runRunner(['--scenario', 'peak.ts', '--target', url])
  assert.is(code, 1)
  assert.match(stderr, new RegExp(`Target ${url} cannot be reached: connection refused`))
  assert.not.match(stdout, /Total number/)
})

test('every request answered 500 and a threshold failed: the report, then exit 99 (the run was done)', async () => {
  const server = await httpServer((_req, res) => { res.statusCode = 500; res.end('no') })
  try {
    const { code, stdout, stderr } = await runRunner(['--scenario', 'peak.ts', '--target', server.url, '--threads', '2', '--iterations', '2'])
    assert.is(code, 99)
    assert.match(stdout, /Total number of Successful responses: 0/)
    assert.match(stderr, /thresholds failed: http_req_failed rate<0.01/)
  } finally {
    await server.close()
  }
})

test('no request got an answer at all: the report, then exit 1 (the run could not be done)', async () => {
  const server = await resettingServer()
  try {
    const { code, stdout, stderr } = await runRunner(['--scenario', 'peak.ts', '--target', server.url, '--threads', '2', '--iterations', '2'])
    assert.is(code, 1)
    assert.match(stdout, /Total number of requests sent: 20/) // (1 + 1 + 2 + 1) threads x 2 iterations x 2 requests
    assert.match(stderr, /no request got an answer/)
  } finally {
    await server.close()
  }
})

test('a failed threshold: the report with the threshold marked, exit 99', async () => {
  const { code, stdout, stderr } = await runRunner(['--scenario', `${FIXTURES}/thresholds-fail.ts`])
  assert.is(code, 99)
  assert.match(stdout, /Total number of requests sent: 4/)
  assert.match(stdout, /http_reqs/)
  assert.match(stderr, /thresholds failed: http_reqs count<1/)
})

test('a run on the embedded handler: live lines, the standard report, --out and --csv written, exit 0', async () => {
  const dir = tempDir()
  try {
    const out = dir.file('run/summary.json')
    const csv = dir.file('run/series.csv')
    const { code, stdout } = await runRunner(['--scenario', 'peak', '--threads', '4', '--iterations', '5', '--out', out, '--csv', csv])
    assert.is(code, 0)
    const lines = stdout.split('\n')
    assert.match(lines[0]!, /^Client Starting \.\.\.\.\. Time: \d\d:\d\d:\d\d$/)
    assert.match(lines[1]!, /^Target: embedded handler \(node, sqlite \(better-sqlite3\) .*steps\.db\)/)
    assert.equal(lines.slice(2, 10).map((l) => l.replace(/Time \d+ ms/, 'Time N ms')), [
      'Warmup phase: All threads running...', 'Warmup phase: complete: Time N ms',
      'Loading phase: All threads running...', 'Loading phase: complete: Time N ms',
      'Peak phase: All threads running...', 'Peak phase: complete: Time N ms',
      'Cooldown phase: All threads running...', 'Cooldown phase: complete: Time N ms',
    ])
    // 4 threads: 1 + 2 + 4 + 1 threads x 5 iterations x 2 requests
    assert.match(stdout, /Total number of requests sent: 80\nTotal number of Successful responses: 80\n/)
    assert.not.match(stdout, /\r|\x1b\[/, 'no progress line when stdout is not a terminal')
    const summary = JSON.parse(readFileSync(out, 'utf8'))
    assert.is(summary.schema, 'edgeload.summary/2')
    assert.is(summary.overall.requests, 80)
    assert.is(summary.interrupted, false)
    assert.ok(existsSync(csv))
    assert.match(readFileSync(csv, 'utf8'), /^second,requests,errors,p50_ms,p99_ms,vus\n/)
  } finally {
    dir.remove()
  }
})

test('--quiet prints only the report; --env and --seed reach the scenario', async () => {
  const args = ['--scenario', `${FIXTURES}/env-and-seed.ts`, '--quiet', '--seed', '42', '--env', 'GREETING=hi there']
  const first = await runRunner(args)
  const second = await runRunner(args)
  assert.is(first.code, 0)
  assert.not.match(first.stdout, /Client Starting|phase: /)
  assert.match(first.stdout, /^GREETING=hi there random=0\.\d+\n=====\n/)
  assert.is(first.stdout.split('\n')[0], second.stdout.split('\n')[0], 'the same seed gives the same random numbers')
})

test.run()
