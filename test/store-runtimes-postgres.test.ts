import * as assert from 'uvu/assert'
import { join } from 'node:path'
import { bundle } from '../src/build/bundles.ts'
import { BUN_BIN, DENO_BIN, unavailable } from '../src/local-runtimes/runtimes.ts'
import { startWorkerScript } from '../src/local-runtimes/workerd.ts'
import type { StoreRun } from './runtimes/run-store-cases.ts'
import { ROOT, assertStoreRunPassed, storeRunOf } from './helpers/store-run.ts'
import { suite } from './helpers/suite.ts'
import { postgresMissing, startTestPostgres } from './helpers/test-postgres.ts'
import type { TestPostgres } from './helpers/test-postgres.ts'
import { tempDir } from './helpers/temp-dir.ts'

/**
 * The one store conformance suite on the Postgres driver inside each real
 * runtime, against one real PostgreSQL (a database per runtime): Deno and Bun
 * run test/runtimes/store-postgres.ts; workerd runs a Worker bundle that reaches
 * the server through a Hyperdrive binding (miniflare's local Hyperdrive).
 */
const test = suite('Postgres store conformance in the real runtimes', { deadline: 600, missing: await postgresMissing() })
let pg: TestPostgres
test.before(async () => {
  pg = await startTestPostgres('edgeload-runtimes-pg-')
})
test.after(() => pg?.remove())

const storeName = (url: string) => `postgres (${url.replace(/:[^:@/]*@/, '@')})`

test.needs(unavailable('deno'), 'postgres under Deno', async () => {
  const url = await pg.database('deno_cases')
  const run = await storeRunOf(DENO_BIN, ['run', '--allow-net', '--allow-env', '--allow-read', '--allow-sys', 'test/runtimes/store-postgres.ts'], { DATABASE_URL: url })
  assertStoreRunPassed(run, /^deno 2\./, storeName(url))
})

test.needs(unavailable('bun'), 'postgres under Bun', async () => {
  const url = await pg.database('bun_cases')
  const run = await storeRunOf(BUN_BIN, ['test/runtimes/store-postgres.ts'], { DATABASE_URL: url })
  assertStoreRunPassed(run, /^bun 1\./, storeName(url))
})

test.needs(unavailable('workerd'), 'postgres inside workerd through Hyperdrive', async () => {
  const url = await pg.database('workerd_cases')
  const dir = tempDir('edgeload-pg-worker-')
  try {
    const scriptPath = await bundle('worker', { entryPoint: join(ROOT, 'test/runtimes/store-postgres-worker.ts'), outfile: dir.file('store-worker.js') })
    const worker = await startWorkerScript({ scriptPath, hyperdrives: { HYPERDRIVE: url } }, { dataDir: dir.path })
    try {
      const run = await (await fetch(worker.url)).json() as StoreRun
      // Hyperdrive hands the Worker a connection string of its own (a local proxy), not the server's.
      assert.match(run.store, /^postgres \(postgres:\/\/[^:@]+@[^)]+\)$/)
      assertStoreRunPassed(run, /^workerd/, run.store)
    } finally {
      await worker.close()
    }
  } finally {
    dir.remove()
  }
})

test.run()
