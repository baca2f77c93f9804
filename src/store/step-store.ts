/**
 * The contract every storage engine implements (DESIGN section 4).
 * Async so that networked engines (D1, Postgres) fit; synchronous SQLite
 * drivers simply resolve at once.
 */
export interface StepStore {
  /** Adds `steps` to the user's total for that day and hour; resolves once committed. */
  record(userId: number, day: number, interval: number, steps: number): Promise<void>
  /** Total steps of the user's most recent day; undefined for an unknown user. */
  current(userId: number): Promise<number | undefined>
  /** Total for one day (0 when that day has no records); undefined for an unknown user. */
  day(userId: number, day: number): Promise<number | undefined>
  /** `numDays` daily totals starting at `startDay`; undefined for an unknown user. */
  range(userId: number, startDay: number, numDays: number): Promise<number[] | undefined>
  close(): Promise<void>
  /** Human name for reports and /health, e.g. "sqlite (better-sqlite3)". */
  readonly name: string
}
