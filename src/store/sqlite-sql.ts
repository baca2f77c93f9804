/**
 * SQL shared by every SQLite-family driver (better-sqlite3, node:sqlite,
 * bun:sqlite, D1), so each engine stores the same schema and answers alike.
 *
 * `hourly` keeps what was posted; `daily` is a summary row per user and day,
 * maintained in the same transaction, so `current` and `single` are one
 * primary-key lookup whatever the table size (no SUM over 24 rows, no scan).
 */
export const SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS hourly (
     user_id  INTEGER NOT NULL,
     day      INTEGER NOT NULL,
     interval INTEGER NOT NULL,
     steps    INTEGER NOT NULL,
     PRIMARY KEY (user_id, day, interval)
   ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS daily (
     user_id INTEGER NOT NULL,
     day     INTEGER NOT NULL,
     total   INTEGER NOT NULL,
     PRIMARY KEY (user_id, day)
   ) WITHOUT ROWID`,
]

/** Pragmas for file-backed engines. WAL so readers never block the writer; in WAL
 * mode synchronous=NORMAL makes a committed transaction survive a crash of the
 * process (the contract); only an OS crash or power loss can lose the last few,
 * and FULL would cost an fsync per acknowledged write. */
export const FILE_PRAGMAS: readonly string[] = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA busy_timeout = 5000',
]

export const SQL = {
  addHourly: `INSERT INTO hourly (user_id, day, interval, steps) VALUES (?, ?, ?, ?)
              ON CONFLICT (user_id, day, interval) DO UPDATE SET steps = steps + excluded.steps`,
  addDaily: `INSERT INTO daily (user_id, day, total) VALUES (?, ?, ?)
             ON CONFLICT (user_id, day) DO UPDATE SET total = total + excluded.total`,
  current: 'SELECT total FROM daily WHERE user_id = ? ORDER BY day DESC LIMIT 1',
  day: 'SELECT total FROM daily WHERE user_id = ? AND day = ?',
  known: 'SELECT 1 AS known FROM daily WHERE user_id = ? LIMIT 1',
  range: 'SELECT day, total FROM daily WHERE user_id = ? AND day >= ? AND day < ? ORDER BY day',
} as const

/** Spreads sparse (day, total) rows into `numDays` totals, zero where a day has none. */
export function spreadRange(rows: Iterable<{ day: number; total: number }>, startDay: number, numDays: number): number[] {
  const totals = new Array<number>(numDays).fill(0)
  for (const row of rows) totals[Number(row.day) - startDay] = Number(row.total)
  return totals
}

/** Prepares every statement of SQL once with a driver's own prepare. */
export function prepareStatements<S>(prepare: (sql: string) => S): { -readonly [K in keyof typeof SQL]: S } {
  const prepared = {} as { -readonly [K in keyof typeof SQL]: S }
  for (const key of Object.keys(SQL) as (keyof typeof SQL)[]) prepared[key] = prepare(SQL[key])
  return prepared
}
