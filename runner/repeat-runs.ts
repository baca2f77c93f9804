/**
 * `--repeat N` (docs/results.md, "Several runs a side"): the same run N times one after another,
 * each with its own report, saved to the history as its own run, and with --out/--csv/--html
 * written to one file a run (`run.json` becomes `run-1.json`, `run-2.json`...; so does a
 * `--out json=FILE` stream's file), so the runs can
 * be compared as a side: `compare A1 A2 A3 --vs last~2 last~1 last`.
 */
import { RunHistory } from '../src/history/history-db.ts'
import { EXIT } from './exit-codes.ts'
import type { RunnerOptions } from './options.ts'
import { runCommand } from './run-command.ts'
import { numberedOutputs } from './outputs.ts'

/** Exit codes that end the repeats: a usage error, Ctrl-C, a run that could not be done. */
const STOPS: readonly number[] = [EXIT.usage, EXIT.interrupted, EXIT.runFailed]

export async function runRepeated(options: RunnerOptions): Promise<number> {
  if (options.repeat <= 1) return runCommand(options)
  let worst: number = EXIT.ok
  const before = options.save ? savedRuns() : undefined
  for (let k = 1; k <= options.repeat; k++) {
    if (!options.quiet) process.stdout.write(`\n--repeat: run ${k} of ${options.repeat}\n`)
    const code = await runCommand({ ...options, ...numberedOutputs(options.outputs, options.streams, k) })
    if (code !== EXIT.ok) worst = code
    if (STOPS.includes(code)) {
      process.stderr.write(`--repeat: stopped after run ${k} of ${options.repeat} (exit ${code})\n`)
      return code
    }
  }
  if (options.save) {
    // `last~2 last~1 last` would name older runs if these were not all saved (a damaged history).
    const after = savedRuns()
    if (before === undefined || after === undefined || after - before !== options.repeat) {
      process.stderr.write(`--repeat: the history did not keep all ${options.repeat} runs (see the warnings above): compare them by their --out files, not by last~N\n`)
      return worst
    }
    const side = Array.from({ length: options.repeat }, (_, i) => (options.repeat - 1 - i === 0 ? 'last' : `last~${options.repeat - 1 - i}`)).join(' ')
    process.stdout.write(`--repeat: ${options.repeat} runs saved; compare them with another side: node runner compare <runs> --vs ${side}\n`)
  }
  return worst
}

/** How many runs the history holds, or undefined when it cannot be read. */
function savedRuns(): number | undefined {
  try {
    const history = RunHistory.openExisting()
    try {
      return history?.count() ?? 0
    } finally {
      history?.close()
    }
  } catch {
    return undefined
  }
}
