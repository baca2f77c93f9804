/**
 * The outputs table (src/outputs/output-table.ts) on the command line: the run, `capacity`,
 * `merge`, `report` and `compare` declare, read, check (before the run, or before reading the
 * runs) and write or open their outputs through these, so a bad target is one line and exit 2 in
 * every command, never a stack trace after a long run.
 */
import { extname } from 'node:path'
import type { Command } from 'cac'
import { RunFailure, UsageError } from '../src/load/run-errors.ts'
import type { LiveFeed } from '../src/load/live/live-feed.ts'
import type { Comparison } from '../src/report/compare/comparison-types.ts'
import type { Summary } from '../src/report/summary-types.ts'
import type { Env } from '../src/outputs/output-checks.ts'
import {
  outputsFor, exampleFile, flagOf, OUTPUTS, STREAM_FLAG, streamOutputs, targetProblem,
  type EndOutput, type OutputKey, type OutputRow, type OutputTargets,
} from '../src/outputs/output-table.ts'

/** A stream the run sends while it goes: `--out json=run.jsonl` is `{ name: 'json', target: 'run.jsonl' }`. */
export interface StreamTarget {
  name: string
  target: string
}

/** The parsed flags' keys of every end output (for a command's list of known options). */
export const OUTPUT_KEYS: readonly string[] = OUTPUTS.flatMap((row) => (row.kind === 'end' ? [row.key] : []))

/**
 * Declares the outputs' options on a cac command; `help` replaces a row's text for this command.
 * `streams`: the command streams (the run), so --out's help lists the streams too.
 */
export function declareOutputs<C extends Command>(command: C, rows: readonly EndOutput[], help: Partial<Record<OutputKey, string>> = {}, streams = false): C {
  for (const row of rows) {
    const text = help[row.key as OutputKey] ?? row.help
    const listed = streams && row.key === STREAM_FLAG
      ? ` Repeatable for streams while the run goes (docs/outputs.md): ${streamOutputs().map((stream) => stream.usage).join(', ')}`
      : ''
    command.option(row.option, text + listed)
  }
  return command
}

/**
 * The outputs given in cac's parsed flags; a flag without a file name (or given twice) is a problem.
 * `--out name=target` entries go to `streams` when the command streams (the run), checked
 * (`env`: k6's variables); anywhere else they are a problem.
 */
export function readOutputs(flags: Record<string, unknown>, rows: readonly EndOutput[], problems: string[], streams?: StreamTarget[], env: Env = process.env): OutputTargets {
  const targets: Record<string, string> = {}
  for (const row of rows) {
    let value = flags[row.key]
    if (row.key === STREAM_FLAG && value !== undefined) value = takeStreams(value, problems, streams, env)
    if (value === undefined) continue
    const flag = flagOf(row)
    if (Array.isArray(value)) problems.push(`${flag} was given ${value.length} times; give it once`)
    else if (typeof value !== 'string' || value === '') problems.push(`${flag} needs a file name, e.g. ${flag} ${exampleFile(row)}`)
    else targets[row.key] = value
  }
  return targets
}

/** `--out` values that name a stream (`json=run.jsonl`) moved to `streams`; what is left is the summary file. */
function takeStreams(value: unknown, problems: string[], streams: StreamTarget[] | undefined, env: Env): unknown {
  const values = Array.isArray(value) ? value : [value]
  const rest = values.filter((entry) => {
    if (typeof entry !== 'string' || !isStreamEntry(entry)) return true
    if (!streams) problems.push(`--${STREAM_FLAG} ${entry}: streams are for a run (node runner --scenario ...); here --${STREAM_FLAG} writes the summary only`)
    else {
      const stream = parseStream(entry, env)
      if (typeof stream === 'string') problems.push(stream)
      else streams.push(stream)
    }
    return false
  })
  if (rest.length === 0) return undefined
  return rest.length === 1 ? rest[0] : rest
}

/** `name=target` with a name of letters (a file may hold '=' but rarely starts with `word=`). */
export function isStreamEntry(entry: string): boolean {
  return /^[a-z][a-z0-9-]*=/.test(entry)
}

/** `json=run.jsonl` checked: a known stream with a good target, else the problem. */
export function parseStream(entry: string, env: Env = process.env): StreamTarget | string {
  const at = entry.indexOf('=')
  const name = entry.slice(0, at)
  const target = entry.slice(at + 1)
  const row = streamOutputs().find((stream) => stream.name === name)
  const flag = `--${STREAM_FLAG} ${entry}`
  if (!row) return `${flag}: unknown output ${JSON.stringify(name)}; one of ${streamOutputs().map((stream) => stream.example).join(', ')}`
  if (target === '') return `${flag}: needs a target, e.g. --${STREAM_FLAG} ${row.example}`
  const problem = targetProblem(row, target, env)
  return problem === undefined ? { name, target } : `${flag}: ${problem}`
}

/** Each stream's subscriber, on the run's live feed. */
export function openStreams(streams: readonly StreamTarget[], feed: LiveFeed, env: Env = process.env): void {
  for (const stream of streams) feed.subscribe(streamOutputs().find((row) => row.name === stream.name)!.open(stream.target, env))
}

/** readOutputs for a subcommand: a problem is a UsageError. */
export function outputOptions(flags: Record<string, unknown>, rows: readonly EndOutput[]): OutputTargets {
  const problems: string[] = []
  const targets = readOutputs(flags, rows, problems)
  if (problems.length) throw new UsageError(problems.length === 1 ? problems[0]! : 'bad outputs', problems.length === 1 ? [] : problems)
  return targets
}

/** Before the run (or before reading runs): each file's folder exists or can be made, and is writable; a directory is refused. */
export function checkOutputs(targets: OutputTargets, rows: readonly EndOutput[] = outputsFor('summary')): void {
  for (const row of rows) {
    const file = targets[row.key as OutputKey]
    if (file === undefined || (file === '-' && row.stdout)) continue
    const problem = targetProblem(row, file, process.env)
    if (problem !== undefined) throw new UsageError(`${flagOf(row)} ${file}: ${problem}`)
  }
}

/**
 * Writes a summary's outputs; `print` gets what goes to standard output (`--out -`), `say` the
 * "written to" lines (`of`: whose, e.g. `run 2`). A file system's refusal after the check (a full disk) is a RunFailure naming
 * the file; anything else is a fault in edgeload and reaches the internal-error report.
 */
export function writeSummaryOutputs(targets: OutputTargets, summary: Summary, print: (text: string) => void, say: (line: string) => void, of?: string): void {
  for (const row of outputsFor('summary')) {
    const file = targets[row.key as OutputKey]
    if (file === undefined) continue
    if (file === '-' && row.stdout) {
      print(row.stdout(summary))
      continue
    }
    writing(row, file, () => row.summary!(file, summary))
    say(`${row.written}${of ? ` of ${of}` : ''} written to ${file}`)
  }
}

/** Writes a comparison's outputs (compare). */
export function writeComparisonOutputs(targets: OutputTargets, comparison: Comparison, say: (line: string) => void): void {
  for (const row of outputsFor('comparison')) {
    const file = targets[row.key as OutputKey]
    if (file === undefined) continue
    writing(row, file, () => row.comparison!(file, comparison))
    say(`${row.comparisonWritten ?? row.written} written to ${file}`)
  }
}

/** `--repeat`'s run k: every output whose target is a file writes its own (`run.json` -> `run-2.json`). */
export function numberedOutputs(targets: OutputTargets, streams: readonly StreamTarget[], k: number): { outputs: OutputTargets; streams: StreamTarget[] } {
  const outputs: Record<string, string> = {}
  for (const row of outputsFor('summary')) {
    const file = targets[row.key as OutputKey]
    if (file !== undefined) outputs[row.key] = numberedIf(row, file, k)
  }
  return {
    outputs,
    streams: streams.map((stream) => ({ ...stream, target: numberedIf(streamOutputs().find((row) => row.name === stream.name)!, stream.target, k) })),
  }
}

/** `run.json` -> `run-2.json` for a file target; `-` (standard output) and URLs stay as they are. */
function numberedIf(row: OutputRow, target: string, k: number): string {
  if (row.target !== 'file' || target === '-') return target
  const ext = extname(target)
  return `${target.slice(0, target.length - ext.length)}-${k}${ext}`
}

function writing(row: EndOutput, file: string, write: () => void): void {
  try {
    write()
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException
    if (typeof code !== 'string') throw error
    throw new RunFailure(`${flagOf(row)} ${file}: could not write it (${(error as Error).message})`)
  }
}
