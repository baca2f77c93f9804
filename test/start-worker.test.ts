import { readdirSync } from 'node:fs'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { unavailable } from '../src/local-runtimes/runtimes.ts'
import { startServer } from './helpers/node-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

// `npm run start:worker` as a user runs it (issue 13, item 9).
const test = suite('start-worker', { deadline: 300, missing: unavailable('workerd') })

test('start:worker accepts a write as soon as it says it listens, exits 0 on SIGTERM and leaves no temp folder', async () => {
  const dir = tempDir('edgeload-start-worker-')
  // Its own temp folder, so the check sees only what this start:worker left (issue 21, item 7).
  const tmp = tempDir('edgeload-start-worker-tmp-')
  const env = { PORT: '0', HOST: '127.0.0.1', EDGELOAD_WORKER_DATA: dir.path, TMPDIR: tmp.path }
  const child = await startServer(process.execPath, ['--import', 'tsx', 'src/local-runtimes/serve-workerd.ts'], env, 60_000)
  try {
    // The very first request after the listening line: the D1 schema must already exist.
    const post = await fetch(`${child.url}/7/1/0/5`, { method: 'POST' })
    assert.is(post.status, 200, await post.text())
    assert.is(await (await fetch(`${child.url}/current/7`)).text(), '5')
    assert.is(await child.stop('SIGTERM'), 0)
    assert.equal(readdirSync(tmp.path).filter((name) => name.includes('miniflare')), [], 'a clean stop leaves no miniflare folder')
  } finally {
    await child.stop('SIGKILL')
    dir.remove()
    tmp.remove()
  }
})

test.run()
