/**
 * Every file a command writes (ARCHITECTURE.md, "Adding an output"), one row each: its option,
 * what it writes from (a run's Summary; compare's Comparison) and the line that says so. The run,
 * `capacity`, `merge`, `report` and `compare` declare, read, check (before the run, or before
 * reading the runs) and write their outputs from this table, so a bad path is one line and exit 2
 * in every command, never a stack trace after a long run.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Command } from 'cac'
import { summaryLine } from '../src/distributed/summary-line.ts'
import { RunFailure, UsageError } from '../src/load/run-errors.ts'
import type { Comparison } from '../src/report/compare/comparison-types.ts'
import { writeSeriesCsv } from '../src/report/csv-writer.ts'
import { writeComparisonHtml, writeHtmlReport } from '../src/report/html/write-html.ts'
import { writeSummaryJson } from '../src/report/json-writer.ts'
import type { Summary } from '../src/report/summary-types.ts'

export interface Output {
  /** The parsed flags' key (cac camel-cases the flag). */
  readonly key: string
  /** As cac declares it: `--csv <file.csv>`. */
  readonly option: string
  /** --help for a run's summary. */
  readonly help: string
  /** `Summary written to run.json`. */
  readonly written: string
  /** Writes a run's summary (run, capacity, merge, report). */
  readonly summary?: (file: string, summary: Summary) => void
  /** `--out -`: standard output instead of a file (what it prints). */
  readonly stdout?: (summary: Summary) => string
  /** Writes compare's comparison. */
  readonly comparison?: (file: string, comparison: Comparison) => void
  /** `Comparison page written to compare.html`. */
  readonly comparisonWritten?: string
}

export const OUTPUTS = [
  {
    key: 'out', option: '--out <file.json>', written: 'Summary', summary: writeSummaryJson, stdout: summaryLine,
    help: 'Write the whole summary as JSON (schema edgeload.summary/2, histograms included); - : one marked line on stdout, for a pod\'s log. '
      + 'Repeatable for streams while the run goes (docs/outputs.md): json=FILE[.gz] (every sample, k6\'s format), prometheus=URL (remote write), influxdb=URL',
  },
  {
    key: 'csv', option: '--csv <file.csv>', written: 'Per-second series', summary: writeSeriesCsv,
    help: 'Write one row per second: second,requests,errors,p50_ms,p99_ms,vus (active threads)',
  },
  {
    key: 'html', option: '--html <file.html>', written: 'HTML report', summary: writeHtmlReport,
    comparison: writeComparisonHtml, comparisonWritten: 'Comparison page',
    help: 'Write the HTML report: one self-contained file (charts over time, latency distribution, tables) that opens offline',
  },
] as const satisfies readonly Output[]

export type OutputKey = (typeof OUTPUTS)[number]['key']
/** The file (or `-`) given for each output. */
export type OutputTargets = { [K in OutputKey]?: string }
export type OutputKind = 'summary' | 'comparison'

/** The rows a command offers: those that write its kind, `only` some of them when given. */
export function outputsFor(kind: OutputKind, only?: readonly OutputKey[]): Output[] {
  return (OUTPUTS as readonly Output[]).filter((row) => row[kind] !== undefined && (!only || only.includes(row.key as OutputKey)))
}

/** Declares the outputs' options on a cac command; `help` replaces a row's text for this command. */
export function declareOutputs<C extends Command>(command: C, rows: readonly Output[], help: Partial<Record<OutputKey, string>> = {}): C {
  for (const row of rows) command.option(row.option, help[row.key as OutputKey] ?? row.help)
  return command
}

/**
 * The outputs given in cac's parsed flags; a flag without a file name (or given twice) is a problem.
 * `--out name=target` entries (a stream, src/outputs/stream-outputs.ts) go to `streams` when the
 * command streams (the run); anywhere else they are a problem.
 */
export function readOutputs(flags: Record<string, unknown>, rows: readonly Output[], problems: string[], streams?: string[]): OutputTargets {
  const targets: Record<string, string> = {}
  for (const row of rows) {
    let value = flags[row.key]
    if (row.key === 'out' && value !== undefined) value = takeStreams(value, problems, streams)
    if (value === undefined) continue
    const flag = flagOf(row)
    if (Array.isArray(value)) problems.push(`${flag} was given ${value.length} times; give it once`)
    else if (typeof value !== 'string' || value === '') problems.push(`${flag} needs a file name, e.g. ${flag} ${exampleFile(row)}`)
    else targets[row.key] = value
  }
  return targets
}

/** `--out` values that name a stream (`json=run.jsonl`) moved to `streams`; what is left is the summary file. */
function takeStreams(value: unknown, problems: string[], streams: string[] | undefined): unknown {
  const values = Array.isArray(value) ? value : [value]
  const rest = values.filter((entry) => {
    if (typeof entry !== 'string' || !isStreamEntry(entry)) return true
    if (streams) streams.push(entry)
    else problems.push(`--out ${entry}: streams are for a run (node runner --scenario ...); here --out writes the summary only`)
    return false
  })
  if (rest.length === 0) return undefined
  return rest.length === 1 ? rest[0] : rest
}

/** `name=target` with a name of letters (a file may hold '=' but rarely starts with `word=`). */
export function isStreamEntry(entry: string): boolean {
  return /^[a-z][a-z0-9-]*=/.test(entry)
}

/** readOutputs for a subcommand: a problem is a UsageError. */
export function outputOptions(flags: Record<string, unknown>, rows: readonly Output[]): OutputTargets {
  const problems: string[] = []
  const targets = readOutputs(flags, rows, problems)
  if (problems.length) throw new UsageError(problems.length === 1 ? problems[0]! : 'bad outputs', problems.length === 1 ? [] : problems)
  return targets
}

/** Before the run (or before reading runs): each file's folder exists or can be made, and is writable; a directory is refused. */
export function checkOutputs(targets: OutputTargets, rows: readonly Output[] = OUTPUTS): void {
  for (const row of rows) {
    const file = targets[row.key as OutputKey]
    if (file === undefined || (file === '-' && row.stdout)) continue
    const flag = flagOf(row)
    if (isDirectory(file)) throw new UsageError(`${flag} ${file}: is a directory; name a file, e.g. ${flag} ${file.replace(/\/+$/, '')}/${exampleFile(row)}`)
    const folder = dirname(resolve(file))
    try {
      mkdirSync(folder, { recursive: true })
      accessSync(folder, constants.W_OK)
    } catch (error) {
      throw new UsageError(`${flag} ${file}: cannot write there (${(error as Error).message})`)
    }
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

function writing(row: Output, file: string, write: () => void): void {
  try {
    write()
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException
    if (typeof code !== 'string') throw error
    throw new RunFailure(`${flagOf(row)} ${file}: could not write it (${(error as Error).message})`)
  }
}

function flagOf(row: Output): string {
  return row.option.split(' ')[0]!
}

/** `run.json` for `--out <file.json>`. */
function exampleFile(row: Output): string {
  return `run.${row.option.match(/<file\.(\w+)>/)?.[1] ?? 'out'}`
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory()
  } catch {
    return false
  }
}
