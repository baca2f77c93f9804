import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url))

/** Statements of every migration file, in the order wrangler applies them (by name). */
export function readMigrationStatements(dir = MIGRATIONS_DIR): string[] {
  const files = readdirSync(dir).filter((name) => name.endsWith('.sql')).sort()
  return files.flatMap((name) => splitStatements(readFileSync(join(dir, name), 'utf8')))
}

/** Splits a migration file into statements; our files hold no `;` inside strings. */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql.replace(/--[^\n]*/g, '')
  return withoutComments.split(';').map((statement) => statement.trim()).filter(Boolean)
}

/** One spacing for comparing SQL written in different files. */
export function normalizeSql(statement: string): string {
  return statement.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim()
}
