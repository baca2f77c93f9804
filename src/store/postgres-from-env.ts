import { openPostgresStore } from './postgres.ts'
import type { PostgresStore, PostgresStoreOptions } from './postgres.ts'
import { postgresUrlFrom } from './database-url.ts'
import { StoreUnavailable } from './step-store.ts'

/** A Postgres store chosen by DATABASE_URL, not yet known to be reachable. */
export interface PostgresFromEnv {
  store: PostgresStore
  /**
   * For server entries at start: waits for the database, retrying for
   * DB_START_TIMEOUT_MS (default 10 s); rejects with a one-line Error naming the
   * database (never its password) when it stays unreachable. Outage logs are
   * held back until then, so a failed start says one thing once.
   */
  connect(): Promise<PostgresStore>
}

/**
 * The Postgres store when DATABASE_URL is set (runtime-free: the entry passes
 * its environment), undefined otherwise. Settings: DB_POOL_MAX (connections,
 * default 10), DB_TIMEOUT_MS (longest a request waits for the database before
 * its 503, default 5000).
 */
export function postgresFromEnv(env: Record<string, string | undefined>, extra: PostgresStoreOptions = {}): PostgresFromEnv | undefined {
  const url = postgresUrlFrom(env)
  if (!url) return undefined
  let started = false
  const log = extra.log ?? ((message: string) => console.error(message))
  const store = openPostgresStore(url, {
    max: positiveInt(env, 'DB_POOL_MAX'),
    timeoutMs: positiveInt(env, 'DB_TIMEOUT_MS'),
    ...extra,
    log: (message) => { if (started) log(message) },
  })
  const startTimeoutMs = positiveInt(env, 'DB_START_TIMEOUT_MS') ?? 10_000
  return {
    store,
    async connect() {
      await waitUntilReady(store, startTimeoutMs)
      started = true
      return store
    },
  }
}

/** For entries without a start (Lambda, Workers): the store, its outages logged from the first request. */
export function lazyPostgresFromEnv(env: Record<string, string | undefined>, extra: PostgresStoreOptions = {}): PostgresStore | undefined {
  const url = postgresUrlFrom(env)
  if (!url) return undefined
  return openPostgresStore(url, { max: positiveInt(env, 'DB_POOL_MAX'), timeoutMs: positiveInt(env, 'DB_TIMEOUT_MS'), ...extra })
}

async function waitUntilReady(store: PostgresStore, totalMs: number): Promise<void> {
  const started = Date.now()
  for (;;) {
    try {
      return await store.ready()
    } catch (error) {
      const waited = Date.now() - started
      if (!(error instanceof StoreUnavailable) || waited + 500 > totalMs) {
        await store.close().catch(() => {})
        const reason = (error instanceof Error ? error.message : String(error)).replace(/^database unavailable: /, '')
        const where = store.name.replace(/^postgres \((.*)\)$/, '$1')
        throw new Error(`cannot reach the database ${where} after ${Math.round(waited / 1000)} s: ${reason}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}

function positiveInt(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`)
  return Number(raw)
}
