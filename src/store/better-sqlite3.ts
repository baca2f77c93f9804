import Database from 'better-sqlite3'
import type { StepStore } from './step-store.ts'
import { FILE_PRAGMAS, SCHEMA, SQL, spreadRange } from './sqlite-sql.ts'

/**
 * The Node default store. better-sqlite3 is synchronous, so every method has
 * committed (or read) before its promise resolves; each record is one
 * transaction over the hour row and the day summary.
 */
export function openBetterSqliteStore(file: string): StepStore {
  const db = new Database(file)
  if (file !== ':memory:') for (const pragma of FILE_PRAGMAS) db.exec(pragma)
  for (const statement of SCHEMA) db.exec(statement)

  const addHourly = db.prepare(SQL.addHourly)
  const addDaily = db.prepare(SQL.addDaily)
  const current = db.prepare<[number], number>(SQL.current).pluck()
  const day = db.prepare<[number, number], number>(SQL.day).pluck()
  const known = db.prepare<[number], number>(SQL.known).pluck()
  const range = db.prepare<[number, number, number], { day: number; total: number }>(SQL.range)
  const record = db.transaction((userId: number, d: number, interval: number, steps: number) => {
    addHourly.run(userId, d, interval, steps)
    addDaily.run(userId, d, steps)
  })

  return {
    name: `sqlite (better-sqlite3) ${file}`,
    // /health is public: it names the engine; the file's path is the operator's business (docs/api.md).
    engine: 'sqlite (better-sqlite3)',
    record(userId, d, interval, steps) {
      record(userId, d, interval, steps)
    },
    current(userId) {
      return current.get(userId)
    },
    day(userId, d) {
      const total = day.get(userId, d)
      if (total !== undefined) return total
      return known.get(userId) === undefined ? undefined : 0
    },
    range(userId, startDay, numDays) {
      const rows = range.all(userId, startDay, startDay + numDays)
      if (rows.length === 0 && known.get(userId) === undefined) return undefined
      return spreadRange(rows, startDay, numDays)
    },
    async close() {
      if (db.open) db.close()
    },
  }
}
