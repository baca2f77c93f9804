// `RUN` on the command line (compare, report, merge): a history id, `last`, `last~N`, or a summary
// JSON file. Every way it can fail is a UsageError (exit 2) saying what was looked for where.
import { existsSync } from 'node:fs'
import { UsageError } from '../load/run-errors.ts'
import { decodeSummary, readSummaryFile, type LoadedSummary } from '../report/summary-read.ts'
import { historyFile, historyHome, RunHistory } from './history-db.ts'

export const RUN_SYNTAX = 'a run id from `node runner runs`, last, last~N, or a summary JSON file'

export function resolveRun(run: string, home = historyHome()): LoadedSummary {
  const last = /^last(?:~(\d+))?$/.exec(run)
  const id = /^\d+$/.test(run) ? Number(run) : undefined
  if (!last && id === undefined) {
    if (!existsSync(run) && !/[./\\]/.test(run)) throw new UsageError(`${JSON.stringify(run)} is not a run: give ${RUN_SYNTAX}`)
    return readSummaryFile(run)
  }
  // A file literally named `last` or `12` in the working directory is read as a file.
  if (existsSync(run)) return readSummaryFile(run)
  const history = RunHistory.openExisting(home)
  if (!history) throw new UsageError(`${run}: no run has been saved yet (no history at ${historyFile(home)})`)
  try {
    let found = id
    if (last) {
      const back = last[1] === undefined ? 0 : Number(last[1])
      found = history.idFromLast(back)
      if (found === undefined) throw new UsageError(`${run}: the history holds ${history.count()} run(s) (${history.file})`)
    }
    const json = history.summary(found!)
    if (json === undefined) throw new UsageError(`${run}: no run with id ${found} in the history (${history.file}); \`node runner runs\` lists them`)
    return decodeSummary(json, `run ${found}`)
  } finally {
    history.close()
  }
}
