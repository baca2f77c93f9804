import postgres from 'postgres'
import { openPostgresStore } from '../../src/store/postgres.ts'
import { RESULT_MARKER, runStoreCases } from './run-store-cases.ts'

/**
 * Store conformance for the Postgres driver, run by Deno, Bun or Node against
 * DATABASE_URL (a database of its own: each case empties it first):
 *   deno run --allow-net --allow-env --allow-read --allow-sys test/runtimes/store-postgres.ts
 *   bun test/runtimes/store-postgres.ts
 */
const url = process.env.DATABASE_URL
if (!url) throw new Error('DATABASE_URL is not set')
const runtime = 'Deno' in globalThis ? `deno ${process.versions.deno}` : 'Bun' in globalThis ? `bun ${process.versions.bun}` : `node ${process.version}`
const admin = postgres(url, { max: 1, onnotice: () => {} })
const open = () => openPostgresStore(url, { log: () => {} })
try {
  const results = await runStoreCases(async () => {
    const store = open()
    await store.ready()
    await admin`TRUNCATE hourly, daily`
    return store
  }, () => open)
  const probe = open()
  console.log(RESULT_MARKER + JSON.stringify({ runtime, store: probe.name, results }))
  await probe.close()
} finally {
  await admin.end()
}
