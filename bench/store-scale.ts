/**
 * How the better-sqlite3 store scales: fills a database with N hourly records
 * (default 10 million: users x 365 days x 24 hours) through the store's own
 * upserts, then times current/day/range/record for a user with a full year,
 * on the large table and on a small one side by side.
 *
 *   npx tsx bench/store-scale.ts [records=10000000]
 */
import Database from 'better-sqlite3'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { openBetterSqliteStore } from '../src/store/better-sqlite3.ts'
import { FILE_PRAGMAS, SCHEMA, SQL } from '../src/store/sqlite-sql.ts'

const HOURS_PER_USER = 365 * 24

function fill(file: string, records: number): void {
  if (existsSync(file)) return
  const db = new Database(file)
  for (const s of [...FILE_PRAGMAS, ...SCHEMA]) db.exec(s)
  const hourly = db.prepare(SQL.addHourly)
  const daily = db.prepare(SQL.addDaily)
  const started = performance.now()
  const users = Math.ceil(records / HOURS_PER_USER)
  const insertUser = db.transaction((user: number) => {
    for (let day = 1; day <= 365; day++) {
      for (let hour = 0; hour < 24; hour++) {
        hourly.run(user, day, hour, (user * 31 + day * 7 + hour) % 1000)
        daily.run(user, day, (user * 31 + day * 7 + hour) % 1000)
      }
    }
  })
  for (let user = 1; user <= users; user++) insertUser(user)
  db.close()
  console.log(`filled ${file}: ${users * HOURS_PER_USER} records in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

async function time(label: string, n: number, op: (i: number) => unknown): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < n; i++) await op(i)
  const us = ((performance.now() - started) * 1000) / n
  console.log(`  ${label.padEnd(28)} ${us.toFixed(2).padStart(8)} µs/op`)
  return us
}

async function measure(file: string): Promise<Record<string, number>> {
  const store = openBetterSqliteStore(file)
  const result = {
    current: await time('current (full-year user)', 20_000, (i) => store.current(1 + (i % 50))),
    day: await time('single day', 20_000, (i) => store.day(1 + (i % 50), 1 + (i % 365))),
    range: await time('range 366 days', 2_000, (i) => store.range(1 + (i % 50), 1, 366)),
    record: await time('record (committed)', 5_000, (i) => store.record(1 + (i % 50), 1 + (i % 365), i % 24, 1)),
  }
  await store.close()
  return result
}

const records = Number(process.argv[2] ?? 10_000_000)
mkdirSync('data/bench', { recursive: true })
const large = `data/bench/scale-${records}.db`
const small = 'data/bench/scale-small.db'
fill(small, 50 * HOURS_PER_USER)
fill(large, records)
console.log(`small table (${50 * HOURS_PER_USER} records, ${(statSync(small).size / 2 ** 20).toFixed(0)} MiB):`)
const a = await measure(small)
console.log(`large table (${records} records, ${(statSync(large).size / 2 ** 20).toFixed(0)} MiB):`)
const b = await measure(large)
console.log('large/small time ratio:', Object.fromEntries(Object.keys(a).map((k) => [k, (b[k] / a[k]).toFixed(2)])))
