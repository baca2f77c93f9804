// The run history: every run's summary kept in a local SQLite file, so `runs`, `compare` and
// `report` can name a run by id or by `last~N` instead of by a JSON file someone remembered to
// write. One table, one row a run; the summary is stored whole (JSON), the listed columns beside
// it so `runs` never decodes a summary.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { UsageError } from '../load/run-errors.ts'
import type { Summary } from '../report/summary-types.ts'

/** How a run ended, from its exit code: what `runs` prints in its result column. */
export type RunResult = 'passed' | 'failed thresholds' | 'interrupted' | 'failed'

export interface HistoryRow {
  id: number
  startedAt: string
  scenario: string
  target: string
  requests: number
  throughput: number
  p99Ms: number
  result: RunResult
}

const SCHEMA_VERSION = 1

const CREATE = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL,
  scenario TEXT NOT NULL,
  target TEXT NOT NULL,
  requests INTEGER NOT NULL,
  throughput REAL NOT NULL,
  p99_ms REAL NOT NULL,
  result TEXT NOT NULL,
  summary TEXT NOT NULL
)`

/** `$EDGELOAD_HOME`, else `.edgeload/` under the working directory. */
export function historyHome(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return env.EDGELOAD_HOME ? resolve(cwd, env.EDGELOAD_HOME) : join(cwd, '.edgeload')
}

export function historyFile(home = historyHome()): string {
  return join(home, 'history.db')
}

export function resultOf(exitCode: number): RunResult {
  if (exitCode === 0) return 'passed'
  if (exitCode === 99) return 'failed thresholds'
  if (exitCode === 130) return 'interrupted'
  return 'failed'
}

export class RunHistory {
  private constructor(private readonly db: Database.Database, readonly file: string) {}

  /** Opens (creating the folder and table) for writing. */
  static open(home = historyHome()): RunHistory {
    mkdirSync(home, { recursive: true })
    const file = historyFile(home)
    const db = new Database(file)
    // Another run may be saving at the same moment (parts of a distributed run on one machine).
    db.pragma('journal_mode = WAL')
    db.pragma('busy_timeout = 5000')
    db.exec(CREATE)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
    return new RunHistory(db, file)
  }

  /** Opens an existing history for reading; undefined when none was ever saved here; a file that is not one is a UsageError. */
  static openExisting(home = historyHome()): RunHistory | undefined {
    const file = historyFile(home)
    let db: Database.Database
    try {
      db = new Database(file, { readonly: true, fileMustExist: true })
    } catch {
      return undefined
    }
    let table: unknown
    try {
      table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'runs'").get()
    } catch (error) {
      db.close()
      throw new UsageError(`${file}: not a run history (${(error as Error).message}); move it away or set EDGELOAD_HOME`)
    }
    if (!table) {
      db.close()
      return undefined
    }
    return new RunHistory(db, file)
  }

  /**
   * Undefined when SQLite's quick check finds the file whole, else what it found (first line). A
   * run is still saved into a damaged history (the rows that can be read stay readable), with a
   * warning, so nobody keeps adding runs to a file that is going bad without knowing.
   */
  damage(): string | undefined {
    try {
      const rows = this.db.pragma('quick_check') as { quick_check: string }[]
      const found = rows.flatMap((row) => row.quick_check.split('\n')).filter((text) => text !== 'ok' && !text.startsWith('***'))
      return found.length ? found[0] + (found.length > 1 ? ` (and ${found.length - 1} more problem${found.length > 2 ? 's' : ''})` : '') : undefined
    } catch (error) {
      return (error as Error).message
    }
  }

  save(summary: Summary, exitCode: number): number {
    return this.guard(() => this.insert(summary, exitCode))
  }

  private insert(summary: Summary, exitCode: number): number {
    const info = this.db.prepare(`INSERT INTO runs (started_at, scenario, target, requests, throughput, p99_ms, result, summary)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      summary.startedAt, summary.scenario, summary.target, summary.overall.requests, summary.overall.throughput,
      summary.overall.latency.p99, resultOf(exitCode), JSON.stringify(summary),
    )
    return Number(info.lastInsertRowid)
  }

  /** Newest first. */
  list(limit = 20): HistoryRow[] {
    return this.guard(() => this.db.prepare(`SELECT id, started_at AS startedAt, scenario, target, requests, throughput, p99_ms AS p99Ms, result
      FROM runs ORDER BY id DESC LIMIT ?`).all(limit) as HistoryRow[])
  }

  count(): number {
    return this.guard(() => (this.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n)
  }

  /** The stored summary JSON (parsed) of run `id`, or undefined; a row that is not JSON is a UsageError naming it. */
  summary(id: number): unknown {
    const row = this.guard(() => this.db.prepare('SELECT summary FROM runs WHERE id = ?').get(id) as { summary: unknown } | undefined)
    if (!row) return undefined
    try {
      return JSON.parse(String(row.summary))
    } catch (error) {
      throw new UsageError(`run ${id} in ${this.file}: its stored summary is not JSON (${(error as Error).message}); the other runs are unaffected`)
    }
  }

  /** The id of the run `back` runs before the newest (0: the newest), or undefined. */
  idFromLast(back: number): number | undefined {
    const row = this.guard(() => this.db.prepare('SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?').get(back) as { id: number } | undefined)
    return row?.id
  }

  /** SQLite's word for a damaged file becomes one line naming the file and what to do. */
  private guard<T>(read: () => T): T {
    try {
      return read()
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code?.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
        throw new UsageError(`${this.file}: the history is damaged (${(error as Error).message}); move it away or set EDGELOAD_HOME to start a new one`)
      }
      throw error
    }
  }

  close(): void {
    this.db.close()
  }
}
