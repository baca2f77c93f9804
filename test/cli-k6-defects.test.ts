import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { runRunner, startRunner } from './helpers/runner-child.ts'
import { slowServer } from './helpers/load-servers.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('cli-k6-defects', { deadline: 300 })

test('an abortOnFail threshold stops the run early: the report says which, exit 99', async () => {
  const { code, stdout, stderr } = await runRunner(['--scenario', 'test/fixtures/scenarios/abort-on-fail.ts'], { timeoutMs: 40_000 })
  assert.is(code, 99, stdout + stderr)
  assert.match(stdout, /^Stopped by threshold http_req_failed rate<0.1 \(abortOnFail\) at \d+\.\d s: partial report$/m)
  assert.match(stdout, /✗ http_req_failed +rate<0.1 .*stopped the run/)
  assert.match(stderr, /Threshold http_req_failed rate<0.1 failed \(abortOnFail\): stopping the run/)
  // Not a speed claim: a phase that ran to its end lasts its 30 s whatever the load.
  const wall = Number(/Test Wall Time: (\d+) ms/.exec(stdout)?.[1])
  assert.ok(wall < 30_000, `stopped after ${wall} ms, before the 30 s phase's end`)
})

test('--out naming a directory is refused before the run, exit 2', async () => {
  const dir = tempDir()
  try {
    const { code, stdout, stderr } = await runRunner(['--scenario', 'peak.ts', '--out', dir.path, '--threads', '1', '--iterations', '1'])
    assert.is(code, 2)
    assert.is(stdout, '')
    assert.match(stderr, /--out .*: is a directory; name a file/)
  } finally {
    dir.remove()
  }
})

test('--timeout 0s says it must be more than 0, not "use a unit"', async () => {
  const { code, stderr } = await runRunner(['--scenario', 'peak.ts', '--timeout', '0s'])
  assert.is(code, 2)
  assert.match(stderr, /--timeout "0s" must be more than 0/)
  assert.not.match(stderr, /use a unit/)
})

test('Ctrl-C with requests in flight counts them as aborted, not "requests sent: 0"', async () => {
  const slow = await slowServer(30_000)
  const dir = tempDir()
  const out = dir.file('run.json')
  const runner = startRunner(['--scenario', 'test/fixtures/scenarios/long-running.ts', '--target', slow.url, '--out', out])
  try {
    await runner.waitFor(/Endless phase: All threads running\.\.\./)
    await slow.reached(2)
    // The premise: both threads' requests are in flight (the server answers after 30 s) when the signal lands.
    assert.is(slow.count, 2)
    runner.child.kill('SIGINT')
    const { code, stdout } = await runner.exit(20_000)
    assert.is(code, 130)
    assert.match(stdout, /Total number of requests sent: 2$/m)
    const summary = JSON.parse(readFileSync(out, 'utf8'))
    assert.equal(summary.errors, [{ kind: 'aborted', count: 2 }])
  } finally {
    runner.kill()
    dir.remove()
    await slow.close()
  }
})

test('a phase field of another kind says the kind was inferred, with the right article', async () => {
  const dir = tempDir()
  try {
    const file = dir.file('odd.mjs')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(file, "export default { phases: [{ name: 'A', iterations: 2, rate: 5 }, { name: 'B', duration: '1s', stages: [] }, { name: 'C', kind: 'iterations', rate: 5 }], iteration() {} }\n")
    const { code, stderr } = await runRunner(['--scenario', file])
    assert.is(code, 2)
    assert.match(stderr, /phases\[0\] "A": .*duration is required/)
    assert.match(stderr, /field "iterations" does not belong in a rate phase \(its kind was inferred from its fields; set kind: to choose another\)/)
    assert.match(stderr, /phases\[1\] "B": field "duration" does not belong in a ramping-threads phase/)
    assert.match(stderr, /phases\[2\] "C": field "rate" does not belong in an iterations phase\n/)
  } finally {
    dir.remove()
  }
})

test.run()
