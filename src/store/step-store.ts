/**
 * The contract every storage engine implements (docs/postgres.md, "What the store guarantees"; ARCHITECTURE.md, "Stores").
 * Networked engines (D1, Postgres) answer with promises; engines that are
 * synchronous underneath (the SQLite drivers, memory) may answer at once, which
 * spares the handler a promise per request (on Node, @hono/node-server then
 * writes the response straight away). Callers `await` either way.
 */
export type Answer<T> = T | Promise<T>

export interface StepStore {
  /** Adds `steps` to the user's total for that day and hour; returns (resolves) once committed. */
  record(userId: number, day: number, interval: number, steps: number): Answer<void>
  /** Total steps of the user's most recent day; undefined for an unknown user. */
  current(userId: number): Answer<number | undefined>
  /** Total for one day (0 when that day has no records); undefined for an unknown user. */
  day(userId: number, day: number): Answer<number | undefined>
  /** `numDays` daily totals starting at `startDay`; undefined for an unknown user. */
  range(userId: number, startDay: number, numDays: number): Answer<number[] | undefined>
  close(): Promise<void>
  /** Human name for reports and logs, e.g. "sqlite (better-sqlite3) data/steps.db". */
  readonly name: string
  /**
   * What the public /health shows: the engine alone, never where the data is
   * (a file path, a host); `name` when absent, so a store whose name carries a
   * location should set it (docs/api.md).
   */
  readonly engine?: string
}

/**
 * Thrown (rejected) by a store that cannot reach its database in bounded time:
 * unreachable, restarting, or every connection busy. The app answers 503 with
 * Retry-After (docs/postgres.md; ARCHITECTURE.md, "Stores"), never 500. The message carries no secret.
 */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable'
  constructor(message: string, readonly retryAfterSeconds = 2, options?: { cause?: unknown }) {
    super(message, options)
  }
}
