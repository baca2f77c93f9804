import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { join } from 'node:path'
import { bundle } from '../src/build/bundles.ts'
import { BUN_BIN, DENO_BIN, unavailable } from '../src/local-runtimes/runtimes.ts'
import { startWorkerScript } from '../src/local-runtimes/workerd.ts'
import type { StoreRun } from './runtimes/run-store-cases.ts'
import { ROOT, assertStoreRunPassed, storeRunOf } from './helpers/store-run.ts'
import { startTestPostgres } from './helpers/test-postgres.ts'
import { tempDir } from './helpers/temp-dir.ts'

/**
 * The one store conformance suite on the Postgres driver inside each real
 * runtime, against one real PostgreSQL (a database per runtime): Deno and Bun
 * run test/runtimes/store-postgres.ts; workerd runs a Worker bundle that reaches
 * the server through a Hyperdrive binding (miniflare's local Hyperdrive).
 */
const test = suite('Postgres store conformance in the real runtimes')
const pg = await startTestPostgres('edgeload-runtimes-pg-')

if ('unavailable' in pg) {
  console.log(`SKIP Postgres store conformance in Deno, Bun and workerd: ${pg.unavailable}`)
} else {
  const storeName = (url: string) => `postgres (${url.replace(/:[^:@/]*@/, '@')})`
  const whenAvailable = (name: string, reason: string | undefined, body: () => Promise<void>) => {
    if (reason) console.log(`SKIP Postgres store conformance under ${name}: ${reason}`)
    else test(name, body)
  }

  whenAvailable('postgres under Deno', unavailable('deno'), async () => {
    const url = await pg.database('deno_cases')
    const run = await storeRunOf(DENO_BIN, ['run', '--allow-net', '--allow-env', '--allow-read', '--allow-sys', 'test/runtimes/store-postgres.ts'], { DATABASE_URL: url })
    assertStoreRunPassed(run, /^deno 2\./, storeName(url))
  })

  whenAvailable('postgres under Bun', unavailable('bun'), async () => {
    const url = await pg.database('bun_cases')
    const run = await storeRunOf(BUN_BIN, ['test/runtimes/store-postgres.ts'], { DATABASE_URL: url })
    assertStoreRunPassed(run, /^bun 1\./, storeName(url))
  })

  whenAvailable('postgres inside workerd through Hyperdrive', unavailable('workerd'), async () => {
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

  test.after(() => pg.remove())
}
test.run()
