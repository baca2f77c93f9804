import { openD1Store } from './d1.ts'
import type { D1Binding } from './d1.ts'
import { openPostgresStore } from './postgres.ts'
import { postgresUrlFrom } from './database-url.ts'
import type { StepStore } from './step-store.ts'

/** The Worker's store bindings (wrangler.toml); one of them is enough. */
export interface WorkerStoreEnv {
  /** D1, the default. */
  DB?: D1Binding
  /** Hyperdrive in front of Postgres: pools connections near the database, so a connection per request is cheap. */
  HYPERDRIVE?: { connectionString: string }
  /** Postgres without Hyperdrive (a var or secret): works, but every request opens its own connection. */
  DATABASE_URL?: string
  DB_TIMEOUT_MS?: string
}

/**
 * Postgres through HYPERDRIVE, else through DATABASE_URL, else D1. On Workers a
 * socket belongs to the request that opened it, so the Postgres store opens a
 * client per call (each route makes one call) instead of keeping a pool.
 */
export function workerStore(env: WorkerStoreEnv): StepStore {
  const url = env.HYPERDRIVE?.connectionString ?? postgresUrlFrom({ DATABASE_URL: env.DATABASE_URL })
  const timeoutMs = Number(env.DB_TIMEOUT_MS) || undefined
  if (url) return openPostgresStore(url, { clientPerCall: true, timeoutMs })
  if (!env.DB) throw new Error('no store bound: declare the D1 binding DB, a Hyperdrive binding HYPERDRIVE, or a DATABASE_URL variable')
  return openD1Store(env.DB)
}
