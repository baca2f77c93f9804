import type { Sql } from 'postgres'

/**
 * The Postgres migrations, in order. Each must equal its file under
 * migrations/postgres/ (test/postgres-schema.test.ts); they live here as well
 * because Workers and Lambda bundles cannot read files.
 */
export const POSTGRES_MIGRATIONS: readonly { version: string; statements: readonly string[] }[] = [
  {
    version: '0001_init',
    statements: [
      `CREATE TABLE IF NOT EXISTS hourly (
         user_id  INTEGER NOT NULL,
         day      INTEGER NOT NULL,
         interval INTEGER NOT NULL,
         steps    BIGINT  NOT NULL,
         PRIMARY KEY (user_id, day, interval)
       )`,
      `CREATE TABLE IF NOT EXISTS daily (
         user_id INTEGER NOT NULL,
         day     INTEGER NOT NULL,
         total   BIGINT  NOT NULL,
         PRIMARY KEY (user_id, day)
       )`,
    ],
  },
]

/** Any fixed 64-bit number no other application on the database uses for its advisory locks. */
export const MIGRATION_LOCK = 0x65646765_6c6f // "edgelo"

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS edgeload_migrations (
  version    TEXT PRIMARY KEY,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`

/**
 * Applies the migrations not yet recorded, in one transaction holding an
 * advisory lock: instances starting at the same moment queue on the lock and
 * the later ones find everything applied (concurrent CREATE TABLE IF NOT EXISTS
 * alone can fail with a duplicate-key error on the catalog).
 */
export async function migrate(sql: Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`
    await tx.unsafe(BOOKKEEPING)
    const applied = new Set((await tx<{ version: string }[]>`SELECT version FROM edgeload_migrations`).map((row) => row.version))
    for (const migration of POSTGRES_MIGRATIONS) {
      if (applied.has(migration.version)) continue
      // Statements from this file, never from input.
      for (const statement of migration.statements) await tx.unsafe(statement)
      await tx`INSERT INTO edgeload_migrations (version) VALUES (${migration.version})`
    }
  })
}
