import { Database } from 'bun:sqlite'
import type { StepStore } from './step-store.ts'
import { createSyncSqliteStore } from './sync-sqlite.ts'

/** StepStore on Bun's built-in `bun:sqlite`. `file` may be ':memory:'. */
export function openBunSqliteStore(file: string): StepStore {
  return createSyncSqliteStore(new Database(file, { create: true }), file, 'sqlite (bun:sqlite)')
}
