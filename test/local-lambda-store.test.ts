import * as assert from 'uvu/assert'
import { startLocalLambda } from '../src/local-lambda/start-local-lambda.ts'
import type { LocalLambda } from '../src/local-lambda/start-local-lambda.ts'
import { unavailable } from '../src/local-runtimes/runtimes.ts'
import { postgresMissing, startTestPostgres } from './helpers/test-postgres.ts'
import { suite } from './helpers/suite.ts'
import { tempDir } from './helpers/temp-dir.ts'

// The bundle on the local Lambda with two environments: without DATABASE_URL each has its own
// SQLite in its own /tmp, so totals diverge (docs/deploy-lambda.md); on one Postgres they are exact.
const test = suite('local Lambda: the store per environment', { deadline: 240, missing: unavailable('lambda') })

/** Two steps written at once (two cold starts: two environments), then two reads at once. */
async function writeTwiceReadTwice(lambda: LocalLambda): Promise<string[]> {
  const writes = await Promise.all(['/21/1/7/100', '/21/1/8/200'].map((path) => fetch(lambda.url + path, { method: 'POST' })))
  assert.equal(writes.map((w) => w.status), [200, 200])
  assert.is(lambda.record.coldStarts, 2, 'two writes at once, from idle: two environments')
  const reads = await Promise.all([1, 2].map(() => fetch(`${lambda.url}/current/21`)))
  return Promise.all(reads.map((r) => r.text()))
}

async function withLambda(databaseUrl: string | undefined, body: (lambda: LocalLambda) => Promise<void>): Promise<void> {
  const dir = tempDir('edgeload-lambda-store-')
  const lambda = await startLocalLambda({ dataDir: dir.path, databaseUrl })
  try {
    await body(lambda)
  } finally {
    await lambda.close()
    dir.remove()
  }
}

test('without DATABASE_URL: each environment counts only its own writes (300 acknowledged, never 300 read)', async () => {
  await withLambda(undefined, async (lambda) => {
    const totals = await writeTwiceReadTwice(lambda)
    for (const total of totals) assert.ok(total === '100' || total === '200', `an environment's own total, got ${total}`)
    assert.is((await (await fetch(`${lambda.url}/health`)).json()).store, 'sqlite (node:sqlite)')
  })
})

test.needs(await postgresMissing(), 'with DATABASE_URL: every environment reads the exact total', async () => {
  const pg = await startTestPostgres('edgeload-lambda-store-pg-')
  try {
    await withLambda(pg.url, async (lambda) => {
      assert.equal(await writeTwiceReadTwice(lambda), ['300', '300'])
    })
  } finally {
    await pg.remove()
  }
})

test.run()
