import type { StepStore } from './step-store.ts'
import { FILE_PRAGMAS, SCHEMA, prepareStatements, spreadRange } from './sqlite-sql.ts'

/** The part of a synchronous SQLite statement the store uses; node:sqlite and bun:sqlite both fit. */
export interface SyncStatement {
  run(...params: number[]): unknown
  get(...params: number[]): unknown
  all(...params: number[]): unknown[]
}

/** The part of a synchronous SQLite connection the store uses. */
export interface SyncDatabase {
  exec(sql: string): unknown
  prepare(sql: string): SyncStatement
  close(): unknown
}

type TotalRow = { total: number }
type DayRow = { day: number; total: number }

/**
 * A StepStore over any synchronous SQLite binding. Statements are prepared once;
 * `record` runs both upserts in one IMMEDIATE transaction, so the promise resolves
 * only after COMMIT (durable per FILE_PRAGMAS: WAL on file databases).
 */
export function createSyncSqliteStore(db: SyncDatabase, file: string, name: string): StepStore {
  if (file !== ':memory:') for (const pragma of FILE_PRAGMAS) db.exec(pragma)
  for (const statement of SCHEMA) db.exec(statement)
  const q = prepareAll(db)

  function inTransaction(work: () => void): void {
    q.begin.run()
    try {
      work()
      q.commit.run()
    } catch (error) {
      q.rollback.run()
      throw error
    }
  }
  const isKnown = (userId: number) => q.known.get(userId) != null

  return {
    name,
    record(userId, day, interval, steps) {
      inTransaction(() => {
        q.addHourly.run(userId, day, interval, steps)
        q.addDaily.run(userId, day, steps)
      })
    },
    current(userId) {
      const row = q.current.get(userId) as TotalRow | null | undefined
      return row == null ? undefined : Number(row.total)
    },
    day(userId, day) {
      const row = q.day.get(userId, day) as TotalRow | null | undefined
      if (row != null) return Number(row.total)
      return isKnown(userId) ? 0 : undefined
    },
    range(userId, startDay, numDays) {
      if (!isKnown(userId)) return undefined
      const rows = q.range.all(userId, startDay, startDay + numDays) as DayRow[]
      return spreadRange(rows, startDay, numDays)
    },
    async close() {
      db.close()
    },
  }
}

function prepareAll(db: SyncDatabase) {
  return {
    ...prepareStatements((sql) => db.prepare(sql)),
    // IMMEDIATE takes the write lock up front, so two processes on one file
    // wait on busy_timeout instead of failing at COMMIT with SQLITE_BUSY.
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
  }
}
