import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { localPostgres } from '../../src/db/local-postgres.ts'
import { describeDatabaseUrl, postgresUrlFrom } from '../../src/store/database-url.ts'
import { freePort } from '../lib/ports.ts'

export interface ComparePostgres {
  /** Where every runtime's store goes, without the password. */
  where: string
  /** The database a runtime's run uses. */
  urlFor(runtime: string): Promise<string>
  close(): Promise<void>
}

/**
 * `compare:local --store postgres`: one PostgreSQL for every runtime, so the
 * columns differ only by runtime. DATABASE_URL when set (used as it is, its data
 * left alone); else an embedded server in a temp folder with a fresh, empty
 * database per runtime (as each embedded store starts empty), removed at the end.
 */
export async function comparePostgres(): Promise<ComparePostgres> {
  const given = postgresUrlFrom(process.env)
  if (given) return { where: describeDatabaseUrl(given), urlFor: async () => given, close: async () => {} }
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-compare-pg-'))
  const server = await localPostgres(dir, { port: await freePort() })
  await server.start()
  const admin = postgres(server.url, { max: 1, onnotice: () => {} })
  return {
    where: `${server.safeUrl} (embedded PostgreSQL, a fresh database per runtime)`,
    async urlFor(runtime) {
      const name = `compare_${runtime.replace(/[^a-z0-9]/g, '_')}`
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`)
      await admin.unsafe(`CREATE DATABASE ${name}`)
      return server.url.replace(/\/[^/]+$/, `/${name}`)
    },
    async close() {
      await admin.end({ timeout: 2 })
      await server.stop('fast')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
