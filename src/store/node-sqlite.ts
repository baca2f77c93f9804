import { DatabaseSync } from 'node:sqlite'
import type { StepStore } from './step-store.ts'
import { createSyncSqliteStore } from './sync-sqlite.ts'

/**
 * StepStore on the built-in `node:sqlite` (Node >= 22.5, Deno 2, Lambda's nodejs22.x).
 * `file` may be ':memory:'.
 */
export function openNodeSqliteStore(file: string): StepStore {
  return createSyncSqliteStore(new DatabaseSync(file), file, 'sqlite (node:sqlite)')
}
