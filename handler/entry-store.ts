import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { postgresFromEnv } from '../src/store/postgres-from-env.ts'
import type { StepStore } from '../src/store/step-store.ts'

/**
 * The store a Node, Deno or Bun entry serves: Postgres when DATABASE_URL is
 * set, else the runtime's own SQLite driver on `dbFile` (STEPS_DB), its folder
 * created first. A failure to open either rejects, for the entry to report.
 */
export function entryStore(env: Record<string, string | undefined>, dbFile: string, openSqlite: (file: string) => StepStore): Promise<StepStore> {
  return Promise.resolve().then(() => {
    const postgres = postgresFromEnv(env)
    if (postgres) return postgres.connect()
    if (dbFile !== ':memory:') mkdirSync(dirname(dbFile), { recursive: true })
    return openSqlite(dbFile)
  })
}
