// Saving a finished run to the history. A history that cannot be written (read-only folder, disk
// full) costs the run nothing: the report is out and the exit code stands; the line says why.
import type { Summary } from '../report/summary-types.ts'
import { RunHistory } from './history-db.ts'

/** The line to print after the report: where the run was saved, or why it was not. */
export function saveRun(summary: Summary, exitCode: number): string {
  let history: RunHistory | undefined
  try {
    history = RunHistory.open()
    const damage = history.damage()
    const id = history.save(summary, exitCode)
    const saved = `Saved as run ${id} (node runner report ${id}; compare with node runner compare last~1 last)`
    return damage === undefined ? saved : `${saved}\nWarning: ${history.file} fails its integrity check (${damage}): runs in it may be lost; move it away or set EDGELOAD_HOME to start a new one`
  } catch (error) {
    return `Warning: the run was not saved to the history: ${(error as Error).message}`
  } finally {
    history?.close()
  }
}
