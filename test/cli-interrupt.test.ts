import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { httpServer } from './helpers/load-servers.ts'
import { startRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('cli-interrupt', { deadline: 300 })

test('Ctrl-C (SIGINT) stops the threads, prints the partial report marked interrupted, writes --out, exits 130', async () => {
  const dir = tempDir()
  const target = await httpServer()
  const out = dir.file('partial.json')
  const runner = startRunner(['--scenario', 'test/fixtures/scenarios/long-running.ts', '--target', target.url, '--out', out])
  try {
    await runner.waitFor(/Endless phase: All threads running\.\.\./)
    await target.reached(5) // the premise: requests were made before the signal
    runner.child.kill('SIGINT')
    const { code, stdout, stderr } = await runner.exit(20_000)
    assert.is(code, 130)
    assert.match(stderr, /Interrupted: stopping the threads/)
    assert.match(stdout, /Endless phase: interrupted: Time \d+ ms/)
    assert.match(stdout, /Interrupted/)
    const sent = Number(/Total number of requests sent: (\d+)/.exec(stdout)?.[1])
    assert.ok(sent >= 5, stdout)
    const summary = JSON.parse(readFileSync(out, 'utf8'))
    assert.is(summary.interrupted, true)
    assert.is(summary.overall.requests, sent)
    // Not a speed claim: a phase that ran to its end lasts its 60 s whatever the load.
    assert.ok(summary.wallMs < 60_000, 'stopped before the phase\'s end')
  } finally {
    runner.kill()
    await target.close()
    dir.remove()
  }
})

test.run()
