/**
 * Every output edgeload has (ARCHITECTURE.md, "Adding an output"), one row each: how it is named
 * on the command line, its kind, its target and the check made of it before the run, and its
 * writer or opener. An output is either
 * - `end`: a file written when the work is done, from a run's Summary (run, capacity, merge,
 *   report) or compare's Comparison, given by a flag of its own (`--csv run.csv`); or
 * - `stream`: sent while the run goes, named in `--out name=target` (k6's form, repeatable), a
 *   subscriber of the run's live feed (src/load/live/live-feed.ts).
 * runner/outputs.ts declares, reads, checks and writes or opens them from this table for every
 * command, so a bad target is one line and exit 2 before any work, never a stack trace after it.
 */
import type { Comparison } from '../report/compare/comparison-types.ts'
import { writeSeriesCsv } from '../report/csv-writer.ts'
import { writeComparisonHtml, writeHtmlReport } from '../report/html/write-html.ts'
import { writeSummaryJson } from '../report/json-writer.ts'
import type { Summary } from '../report/summary-types.ts'
import { summaryLine } from '../distributed/summary-line.ts'
import type { LiveSubscriber } from '../load/live/live-feed.ts'
import { checkEnvDuration, checkFile, checkUrl, envDuration, type Env } from './output-checks.ts'
import { influxOutput, influxTarget } from './influxdb-output.ts'
import { jsonSamplesOutput } from './json-samples.ts'
import { prometheusOutput } from './prometheus-output.ts'

interface Row {
  /** A file path (its folder checked; --repeat numbers it per run) or an http(s) URL. */
  readonly target: 'file' | 'url'
  /** What else is wrong with the target before the run, if anything (`env`: k6's variables). */
  readonly check?: (target: string, env: Env) => string | undefined
}

/** Written at the end, from the summary or the comparison: `--csv <file.csv>`. */
export interface EndOutput extends Row {
  readonly kind: 'end'
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

/** Streamed while the run goes: `--out name=target`. */
export interface StreamOutput extends Row {
  readonly kind: 'stream'
  /** `json` in `--out json=run.jsonl`. */
  readonly name: string
  /** --help's words for it: `json=FILE[.gz] (every sample, k6's format)`. */
  readonly usage: string
  /** A whole entry, for the error that lists them: `json=samples.jsonl.gz`. */
  readonly example: string
  /** Its subscriber on the run's live feed. */
  readonly open: (target: string, env: Env) => LiveSubscriber
}

export type OutputRow = EndOutput | StreamOutput

/** k6's variables for the push intervals (a duration: `5s`, `500ms`). */
const PROMETHEUS_INTERVAL = 'K6_PROMETHEUS_RW_PUSH_INTERVAL'
const INFLUX_INTERVAL = 'K6_INFLUXDB_PUSH_INTERVAL'

export const OUTPUTS = [
  {
    kind: 'end', key: 'out', option: '--out <file.json>', target: 'file', written: 'Summary', summary: writeSummaryJson, stdout: summaryLine,
    help: 'Write the whole summary as JSON (schema edgeload.summary/2, histograms included); - : one marked line on stdout, for a pod\'s log.',
  },
  {
    kind: 'end', key: 'csv', option: '--csv <file.csv>', target: 'file', written: 'Per-second series', summary: writeSeriesCsv,
    help: 'Write one row per second: second,requests,errors,p50_ms,p99_ms,vus (active threads)',
  },
  {
    kind: 'end', key: 'html', option: '--html <file.html>', target: 'file', written: 'HTML report', summary: writeHtmlReport,
    comparison: writeComparisonHtml, comparisonWritten: 'Comparison page',
    help: 'Write the HTML report: one self-contained file (charts over time, latency distribution, tables) that opens offline',
  },
  {
    kind: 'stream', name: 'json', target: 'file', usage: 'json=FILE[.gz] (every sample, k6\'s format)', example: 'json=samples.jsonl.gz',
    open: jsonSamplesOutput,
  },
  {
    kind: 'stream', name: 'prometheus', target: 'url', usage: 'prometheus=URL (remote write)', example: 'prometheus=http://127.0.0.1:9090/api/v1/write',
    check: (_url, env) => checkEnvDuration(env, PROMETHEUS_INTERVAL),
    open: (url, env) => prometheusOutput(url, {
      pushIntervalMs: envDuration(env, PROMETHEUS_INTERVAL), username: env.K6_PROMETHEUS_RW_USERNAME, password: env.K6_PROMETHEUS_RW_PASSWORD,
    }),
  },
  {
    kind: 'stream', name: 'influxdb', target: 'url', usage: 'influxdb=URL', example: 'influxdb=http://127.0.0.1:8086/k6',
    check: (url, env) => (influxTarget(url) ? undefined : 'the database (the URL\'s path) is not valid percent-encoding') ?? checkEnvDuration(env, INFLUX_INTERVAL),
    open: (url, env) => influxOutput(url, {
      pushIntervalMs: envDuration(env, INFLUX_INTERVAL), username: env.K6_INFLUXDB_USERNAME, password: env.K6_INFLUXDB_PASSWORD,
    }),
  },
] as const satisfies readonly OutputRow[]

/** Streams are named in this flag's values (`--out json=run.jsonl`), beside its own summary file. */
export const STREAM_FLAG = 'out'

export type OutputKey = Extract<(typeof OUTPUTS)[number], { kind: 'end' }>['key']
/** The file (or `-`) given for each end output. */
export type OutputTargets = { [K in OutputKey]?: string }

/** The end outputs that write a `summary` or a `comparison`, `only` some of them when given. */
export function outputsFor(writes: 'summary' | 'comparison', only?: readonly OutputKey[]): EndOutput[] {
  return (OUTPUTS as readonly OutputRow[]).filter((row): row is EndOutput =>
    row.kind === 'end' && row[writes] !== undefined && (!only || only.includes(row.key as OutputKey)))
}

export function streamOutputs(): StreamOutput[] {
  return (OUTPUTS as readonly OutputRow[]).filter((row): row is StreamOutput => row.kind === 'stream')
}

/** How the output is given on the command line: `--csv`, `--out json=`. */
export function flagOf(row: OutputRow): string {
  return row.kind === 'end' ? row.option.split(' ')[0]! : `--${STREAM_FLAG} ${row.name}=`
}

/** What is wrong with `target` for this output, if anything: the check made before the run. */
export function targetProblem(row: OutputRow, target: string, env: Env): string | undefined {
  const problem = row.target === 'file' ? checkFile(target, (folder) => exampleIn(row, folder)) : checkUrl(target)
  return problem ?? row.check?.(target, env)
}

/** `--csv DIR/run.csv`, `--out json=DIR/samples.jsonl.gz`: a file of this output in `folder`. */
function exampleIn(row: OutputRow, folder: string): string {
  if (row.kind === 'stream') return `${flagOf(row)}${folder}/${row.example.slice(row.name.length + 1)}`
  return `${flagOf(row)} ${folder}/${exampleFile(row)}`
}

/** `run.json` for `--out <file.json>`. */
export function exampleFile(row: EndOutput): string {
  return `run.${row.option.match(/<file\.(\w+)>/)?.[1] ?? 'out'}`
}
