import Database from 'better-sqlite3'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SCHEMA, SQL } from '../../src/store/sqlite-sql.ts'

/** The benchmark database: USERS users, DAYS days each, one hourly record per user and day. */
export const USERS = 100_000
export const DAYS = 10
export const RECORDS = USERS * DAYS

const CACHE_DIR = new URL('../../.cache/bench/', import.meta.url).pathname

/**
 * Builds the database once with one transaction of prepared inserts (the
 * shared SQL, so the rows are exactly what the stores would write), then
 * keeps it in .cache/ (gitignored). Written to a temporary name and renamed,
 * so an interrupted build is never mistaken for a finished one.
 */
export function cachedStepsDb(): string {
  const file = join(CACHE_DIR, `steps-${USERS}x${DAYS}.db`)
  if (existsSync(file)) return file
  mkdirSync(CACHE_DIR, { recursive: true })
  const partial = `${file}.partial`
  rmSync(partial, { force: true })
  const started = performance.now()
  buildInto(partial)
  renameSync(partial, file)
  console.log(`bench: built ${RECORDS.toLocaleString('en-US')}-record database in ${Math.round(performance.now() - started)} ms (${file})`)
  return file
}

function buildInto(file: string): void {
  const db = new Database(file)
  // Bulk load without a journal; the copies the servers open switch to WAL themselves.
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  for (const statement of SCHEMA) db.exec(statement)
  const hourly = db.prepare(SQL.addHourly)
  const daily = db.prepare(SQL.addDaily)
  db.transaction(() => {
    for (let user = 1; user <= USERS; user++) {
      for (let day = 1; day <= DAYS; day++) {
        const steps = (user * 31 + day * 17) % 5000
        hourly.run(user, day, (user + day) % 24, steps)
        daily.run(user, day, steps)
      }
    }
  })()
  db.pragma('journal_mode = WAL')
  db.close()
}

/** A private copy of the cached database (each server writes to its own), removed by `remove()`. */
export function workingCopy(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-benchdb-'))
  const file = join(dir, 'steps.db')
  copyFileSync(cachedStepsDb(), file)
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
