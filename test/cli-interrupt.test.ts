import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { startRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('cli-interrupt', { deadline: 120 })

test('Ctrl-C (SIGINT) stops the threads, prints the partial report marked interrupted, writes --out, exits 130', async () => {
  const dir = tempDir()
  try {
    const out = dir.file('partial.json')
    const runner = startRunner(['--scenario', 'test/fixtures/scenarios/long-running.ts', '--out', out])
    await runner.waitFor(/Endless phase: All threads running\.\.\./)
    await new Promise((resolve) => setTimeout(resolve, 300)) // let some requests happen
    runner.child.kill('SIGINT')
    const { code, stdout, stderr } = await runner.exit(20_000)
    assert.is(code, 130)
    assert.match(stderr, /Interrupted: stopping the threads/)
    assert.match(stdout, /Endless phase: interrupted: Time \d+ ms/)
    assert.match(stdout, /Interrupted/)
    const sent = Number(/Total number of requests sent: (\d+)/.exec(stdout)?.[1])
    assert.ok(sent > 0, stdout)
    const summary = JSON.parse(readFileSync(out, 'utf8'))
    assert.is(summary.interrupted, true)
    assert.is(summary.overall.requests, sent)
    assert.ok(summary.wallMs < 30_000, 'stopped long before the phase\'s 60 s')
  } finally {
    dir.remove()
  }
})

test.run()
