import type { StepStore } from './step-store.ts'
import { prepareStatements, spreadRange } from './sqlite-sql.ts'

/**
 * The slice of Cloudflare's D1 binding the store uses. Declared here rather than
 * imported from @cloudflare/workers-types, whose globals clash with the DOM lib.
 */
export interface D1Statement {
  bind(...values: unknown[]): D1Statement
  first<T = Record<string, unknown>>(): Promise<T | null>
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>
  run(): Promise<unknown>
}
export interface D1Binding {
  prepare(sql: string): D1Statement
  batch<T = unknown>(statements: D1Statement[]): Promise<{ results: T[] }[]>
}

type TotalRow = { total: number }
type DayRow = { day: number; total: number }

/**
 * StepStore on a D1 database (schema from migrations/, applied by wrangler or the
 * test harness). Each call is one round trip: `record` sends both upserts as one
 * batch, which D1 runs as a single transaction, and reads that must tell an
 * unknown user from an empty day batch the lookup with the existence check.
 */
export function openD1Store(db: D1Binding): StepStore {
  const q = prepareStatements((sql) => db.prepare(sql))
  return {
    name: 'd1',
    async record(userId, day, interval, steps) {
      await db.batch([q.addHourly.bind(userId, day, interval, steps), q.addDaily.bind(userId, day, steps)])
    },
    async current(userId) {
      const row = await q.current.bind(userId).first<TotalRow>()
      return row == null ? undefined : Number(row.total)
    },
    async day(userId, day) {
      const [known, total] = await db.batch<TotalRow>([q.known.bind(userId), q.day.bind(userId, day)])
      if (known.results.length === 0) return undefined
      return total.results.length === 0 ? 0 : Number(total.results[0].total)
    },
    async range(userId, startDay, numDays) {
      const [known, rows] = await db.batch<DayRow>([q.known.bind(userId), q.range.bind(userId, startDay, startDay + numDays)])
      if (known.results.length === 0) return undefined
      return spreadRange(rows.results, startDay, numDays)
    },
    // The binding belongs to the platform; there is no connection to close.
    async close() {},
  }
}
