import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { suite } from './helpers/suite.ts'
import { httpServer, type CountingServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('handleSummary', { deadline: 240 })

const SCENARIO = fileURLToPath(new URL('./fixtures/scenarios/handle-summary.ts', import.meta.url))

let server: CountingServer

test.before(async () => {
  server = await httpServer()
})

test.after(async () => {
  await server.close()
})

test('its map is written: stdout replaces the report, stderr, files (folders made), bytes', async () => {
  const dir = tempDir()
  try {
    const ran = await runRunner(['--scenario', SCENARIO, '--target', server.url, '--no-save'], { env: { HANDLE_SUMMARY_DIR: dir.path } })
    assert.is(ran.code, 0, ran.stderr)
    assert.match(ran.stdout, 'custom summary: 6 requests\n')
    assert.not.match(ran.stdout, 'Total number of requests sent')
    assert.match(ran.stderr, 'to stderr')
    assert.match(ran.stdout, `handleSummary() wrote ${dir.path}/nested/summary.json`)
    const written = JSON.parse(readFileSync(`${dir.path}/nested/summary.json`, 'utf8'))
    assert.is(written.schema, 'edgeload.summary/2')
    assert.is(written.overall.requests, 6)
    assert.equal([...readFileSync(`${dir.path}/bytes.bin`)], [1, 2, 3])
  } finally {
    dir.remove()
  }
})

for (const [mode, said] of [['throw', 'handleSummary() threw: Error: no summary today'], ['bad', 'handleSummary() must return an object']] as const) {
  test(`when it ${mode === 'throw' ? 'throws' : 'returns no map'}, the report is printed after all and the exit code stands`, async () => {
    const ran = await runRunner(['--scenario', SCENARIO, '--target', server.url, '--no-save'], { env: { HANDLE_SUMMARY_MODE: mode } })
    assert.is(ran.code, 0, ran.stderr)
    assert.match(ran.stderr, said)
    assert.match(ran.stdout, 'Total number of requests sent: 6')
    assert.not.match(ran.stdout, 'custom summary')
  })
}

test.run()
