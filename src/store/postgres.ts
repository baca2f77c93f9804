import postgres from 'postgres'
import type { Options, PendingQuery, Row, Sql } from 'postgres'
import type { StepStore } from './step-store.ts'
import { StoreUnavailable } from './step-store.ts'
import { describeDatabaseUrl, redact } from './database-url.ts'
import { describeFault, isUnavailable, withDeadline } from './postgres-faults.ts'
import { migrate } from './postgres-schema.ts'
import { spreadRange } from './sqlite-sql.ts'

export interface PostgresStoreOptions {
  /** Connections in the pool (default 10). */
  max?: number
  /** Longest a call waits for the database (connecting, a free connection, the answer) before it is a 503 (default 5000). */
  timeoutMs?: number
  /** Retry-After of those 503s, in seconds (default 2). */
  retryAfterSeconds?: number
  /**
   * A client per call, ended before the call returns. Workers need it: a socket
   * opened for one request cannot be used by another (with Hyperdrive the
   * connection is pooled at the edge, so this is cheap there).
   */
  clientPerCall?: boolean
  /** Where the store reports that the database went away and came back (once each, not per request). */
  log?: (message: string) => void
}

export interface PostgresStore extends StepStore {
  /** Applies the migrations and checks the database answers; rejects with StoreUnavailable otherwise. */
  ready(): Promise<void>
}

type Query<T extends readonly Row[]> = PendingQuery<T>
type Total = { total: string }
type DayRow = { day: number; total: string }

/**
 * StepStore on PostgreSQL through the `postgres` package (Node, Deno, Bun,
 * Lambda; Workers over cloudflare:sockets). `record` is one statement that
 * upserts the hour and the day, so it commits atomically in one round trip, and
 * concurrent writers of one user stay exact (ON CONFLICT DO UPDATE locks the
 * row). The promise resolves after COMMIT, which with Postgres's defaults
 * (fsync, synchronous_commit) is on disk. Every statement is parameterised.
 */
export function openPostgresStore(url: string, options: PostgresStoreOptions = {}): PostgresStore {
  const timeoutMs = options.timeoutMs ?? 5000
  const retryAfter = options.retryAfterSeconds ?? 2
  const log = options.log ?? ((message) => console.error(message))
  const where = describeDatabaseUrl(url)
  const clientOptions: Options<Record<string, never>> = {
    max: options.clientPerCall ? 1 : (options.max ?? 10),
    connect_timeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
    // Our migrations say "already exists, skipping" at every start; not worth a log line.
    onnotice: () => {},
    // No catalog query per new connection: we use no custom or array types.
    fetch_types: false,
    connection: { application_name: 'edgeload' },
    // postgres.js waits up to 20 s between reconnects after repeated failures; a
    // database back from a restart should serve within a second (seconds here).
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
  }
  const pool = options.clientPerCall ? undefined : postgres(url, clientOptions)
  let migrated = false
  let migrating: Promise<void> | undefined
  let down = false

  async function onClient<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    if (pool) return work(pool)
    const sql = postgres(url, clientOptions)
    try {
      return await work(sql)
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {})
    }
  }

  function ensureSchema(): Promise<void> {
    migrating ??= onClient((sql) => migrate(sql)).then(
      () => { migrated = true },
      (error: unknown) => { migrating = undefined; throw error },
    )
    return migrating
  }

  /** Runs one query within the deadline; a database fault becomes StoreUnavailable (logged once per outage). */
  async function call<T extends readonly Row[]>(query: (sql: Sql) => Query<T>, idempotent: boolean): Promise<T> {
    const started = Date.now()
    for (let attempt = 1; ; attempt++) {
      try {
        const work = (async () => {
          if (!migrated) await ensureSchema()
          return onClient((sql) => query(sql))
        })()
        // A late query is left to finish (its outcome unknown to the client, which got a 503):
        // postgres.js's cancel() on a query still waiting for a connection left the pool
        // unable to reconnect after a database restart (test/postgres-faults.test.ts).
        const result = await withDeadline(work, timeoutMs - (Date.now() - started), retryAfter, () => work.catch(() => {}))
        if (down) log(`database reachable again (${where})`)
        down = false
        return result
      } catch (error) {
        if (!isUnavailable(error)) throw error
        // A read may go to another (fresh) connection once, e.g. after the server restarted.
        if (idempotent && attempt === 1 && !(error instanceof StoreUnavailable) && Date.now() - started < timeoutMs / 2) continue
        throw unavailable(error)
      }
    }
  }

  function unavailable(error: unknown): StoreUnavailable {
    const reason = redact(describeFault(error), url)
    if (!down) log(`database unavailable (${where}): ${reason}; answering 503 until it is back`)
    down = true
    return error instanceof StoreUnavailable ? error : new StoreUnavailable(`database unavailable: ${reason}`, retryAfter)
  }

  const isKnown = async (userId: number) =>
    (await call((sql) => sql`SELECT 1 AS known FROM daily WHERE user_id = ${userId} LIMIT 1`, true)).length > 0

  return {
    name: `postgres (${where})`,
    // /health shows the engine only, not the host (StepStore.engine).
    engine: 'postgres',
    async ready() {
      await call((sql) => sql`SELECT 1 AS ok`, true)
    },
    async record(userId, day, interval, steps) {
      await call((sql) => sql`
        WITH hour AS (
          INSERT INTO hourly (user_id, day, interval, steps) VALUES (${userId}, ${day}, ${interval}, ${steps})
          ON CONFLICT (user_id, day, interval) DO UPDATE SET steps = hourly.steps + excluded.steps
        )
        INSERT INTO daily (user_id, day, total) VALUES (${userId}, ${day}, ${steps})
        ON CONFLICT (user_id, day) DO UPDATE SET total = daily.total + excluded.total`, false)
    },
    async current(userId) {
      const rows = await call((sql) => sql<Total[]>`SELECT total FROM daily WHERE user_id = ${userId} ORDER BY day DESC LIMIT 1`, true)
      return rows.length === 0 ? undefined : Number(rows[0].total)
    },
    async day(userId, day) {
      const [row] = await call((sql) => sql<{ total: string | null; known: boolean }[]>`
        SELECT (SELECT total FROM daily WHERE user_id = ${userId} AND day = ${day}) AS total,
               EXISTS (SELECT 1 FROM daily WHERE user_id = ${userId}) AS known`, true)
      if (!row.known) return undefined
      return row.total === null ? 0 : Number(row.total)
    },
    async range(userId, startDay, numDays) {
      const rows = await call((sql) => sql<DayRow[]>`
        SELECT day, total FROM daily WHERE user_id = ${userId} AND day >= ${startDay} AND day < ${startDay + numDays} ORDER BY day`, true)
      if (rows.length === 0 && !(await isKnown(userId))) return undefined
      return spreadRange(rows.map((r) => ({ day: r.day, total: Number(r.total) })), startDay, numDays)
    },
    async close() {
      await pool?.end({ timeout: 5 })
    },
  }
}
