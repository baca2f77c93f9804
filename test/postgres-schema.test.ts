import Database from 'better-sqlite3'
import postgres from 'postgres'
import { join } from 'node:path'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { SCHEMA } from '../src/store/sqlite-sql.ts'
import { POSTGRES_MIGRATIONS } from '../src/store/postgres-schema.ts'
import { openPostgresStore } from '../src/store/postgres.ts'
import { MIGRATIONS_DIR, normalizeSql, readMigrationStatements } from '../src/local-runtimes/d1-migrations.ts'
import { postgresMissing, startTestPostgres } from './helpers/test-postgres.ts'
import type { TestPostgres } from './helpers/test-postgres.ts'

const test = suite('postgres-schema', { deadline: 60 })

/** A table as SQLite describes it: columns in order and the primary key. */
interface TableShape {
  columns: { name: string; type: string; notNull: boolean }[]
  primaryKey: string[]
}

test('migrations/postgres/ holds exactly the statements the store applies', () => {
  const fromFiles = readMigrationStatements(join(MIGRATIONS_DIR, 'postgres')).map(normalizeSql)
  assert.equal(fromFiles, POSTGRES_MIGRATIONS.flatMap((m) => m.statements).map(normalizeSql))
})

/** SQLite's INTEGER is 64-bit; the Postgres columns must be as wide where values add up (steps, totals). */
function sqliteShapes(): Record<string, TableShape> {
  const db = new Database(':memory:')
  for (const statement of SCHEMA) db.exec(statement)
  const shapes: Record<string, TableShape> = {}
  for (const table of ['hourly', 'daily']) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string; notnull: number; pk: number }[]
    shapes[table] = {
      columns: columns.map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1 })),
      primaryKey: columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
    }
  }
  db.close()
  return shapes
}

let pg: TestPostgres
const server = suite('postgres-schema on a real server', { deadline: 180, missing: await postgresMissing() })
server.before(async () => {
  pg = await startTestPostgres('edgeload-schema-pg-')
})
server('the migrated Postgres schema has the SQLite tables, columns, nullability and keys; identifiers 32-bit, sums 64-bit', async () => {
  const store = openPostgresStore(pg.url, { log: () => {} })
  await store.ready()
  await store.close()
  const sql = postgres(pg.url, { max: 1 })
  try {
    const sqlite = sqliteShapes()
    for (const table of Object.keys(sqlite)) {
      const columns = await sql<{ name: string; type: string; nullable: string }[]>`
        SELECT column_name AS name, data_type AS type, is_nullable AS nullable
        FROM information_schema.columns WHERE table_name = ${table} ORDER BY ordinal_position`
      const key = await sql<{ name: string }[]>`
        SELECT a.attname AS name FROM pg_index i
        JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indrelid = ${table}::regclass AND i.indisprimary ORDER BY k.n`
      assert.equal(columns.map((c) => c.name), sqlite[table].columns.map((c) => c.name), `${table}: same columns in the same order`)
      assert.ok(sqlite[table].columns.every((c) => c.type === 'INTEGER' && c.notNull), `${table}: SQLite columns are INTEGER NOT NULL`)
      assert.ok(columns.every((c) => c.nullable === 'NO'), `${table}: every column NOT NULL, as in SQLite`)
      assert.equal(key.map((k) => k.name), sqlite[table].primaryKey, `${table}: same primary key`)
      for (const c of columns) {
        const sums = c.name === 'steps' || c.name === 'total'
        assert.is(c.type, sums ? 'bigint' : 'integer', `${table}.${c.name}: an integer type wide enough`)
      }
    }
  } finally {
    await sql.end()
  }
})
server.after(() => pg?.remove())

test.run()
server.run()
