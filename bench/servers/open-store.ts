import { openBetterSqliteStore } from '../../src/store/better-sqlite3.ts'
import { openPostgresStore } from '../../src/store/postgres.ts'
import type { StepStore } from '../../src/store/step-store.ts'

/**
 * The store a bench server runs on: Postgres when BENCH_DATABASE_URL is set
 * (the driver with its default pool of 10, checked reachable first; the URL
 * comes through the environment, not argv, to keep its password out of ps),
 * else better-sqlite3 on the file in argv[2].
 */
export async function openBenchStore(file = ':memory:'): Promise<StepStore> {
  const url = process.env.BENCH_DATABASE_URL
  if (!url) return openBetterSqliteStore(file)
  const store = openPostgresStore(url)
  await store.ready()
  return store
}
