/**
 * Turns what cac parsed into checked runner options, or the list of every problem with them,
 * so a mistyped command line gets one clear message (exit 2) rather than a half-run.
 */
import { parseDuration } from '../src/load/parse-duration.ts'
import { ipv6Hint, isHttpUrl } from '../src/load/http/target.ts'
import type { RunOverrides } from '../src/load/phase-plan.ts'
import type { Part } from '../src/load/executors/executor.ts'
import { parseSegment } from '../src/distributed/segment.ts'
import { MAX_WAIT_MS, parseStartAt } from '../src/distributed/start-at.ts'
import { DEFAULT_DASHBOARD_PORT } from '../src/dashboard/dashboard-port.ts'
import { outputsFor, type OutputTargets } from '../src/outputs/output-table.ts'
import { OUTPUT_KEYS, readOutputs, type StreamTarget } from './outputs.ts'

export interface RunnerOptions {
  scenario: string
  overrides: RunOverrides
  /** Per-request timeout in ms when `--timeout` was given. */
  timeoutMs?: number
  /** `--out`, `--csv`, `--html`...: the files the run writes at the end (src/outputs/output-table.ts). */
  outputs: OutputTargets
  /** `--out name=target` entries: what the run streams while it goes (src/outputs/output-table.ts). */
  streams: StreamTarget[]
  quiet: boolean
  progress: boolean
  /** `--env KEY=VALUE`, over process.env in `ctx.env`. */
  env: Record<string, string>
  /** `--workers N`: threads spread over N worker threads (1: all in the main thread). */
  workers: number
  /** `--no-save`: the run is not kept in the history. */
  save: boolean
  /** `--segment i/n` (docs/distributed.md): this process's part of every phase, 0-based. */
  segment?: Part
  /** `--start-at`: the phases begin at this wall-clock moment (epoch ms). */
  startAtMs?: number
  /** `--no-setup`: setup() does not run (its data is `--setup-data`'s, else undefined). */
  setup: boolean
  /** `--no-teardown`: teardown() does not run. */
  teardown: boolean
  /** `--setup-data FILE`: setup()'s data as JSON, from another part. */
  setupData?: string
  /** `--setup-data-out FILE`: run setup() alone, write its data there, and exit. */
  setupDataOut?: string
  /** `--repeat N`: the run N times one after another, each saved (repeat-runs.ts); 1 by default. */
  repeat: number
  /** `--dashboard[=PORT]`: the port of the live page on 127.0.0.1 (0: any free one); none without it. */
  dashboard?: number
}

type Raw = Record<string, unknown>

const MAX_WORKERS = 64

/** Option names cac may hand back (camel-cased), besides ones this file reads. */
const KNOWN = new Set(['--', 'scenario', 'target', 'threads', 'iterations', 'duration', 'timeout', ...OUTPUT_KEYS,
  'quiet', 'progress', 'seed', 'env', 'workers', 'insecure', 'save', 'help', 'h', 'version', 'v',
  'segment', 'startAt', 'setup', 'teardown', 'setupData', 'setupDataOut', 'repeat', 'dashboard'])

export function readOptions(raw: Raw, args: readonly string[]): { options?: RunnerOptions; problems: string[] } {
  const problems: string[] = []
  for (const name of Object.keys(raw)) {
    if (!KNOWN.has(name)) problems.push(`unknown option ${flagName(name)}`)
  }
  const text = (name: string) => single(raw, name, problems)
  const scenario = text('scenario') ?? args[0]
  if (scenario === undefined) problems.push('--scenario is required, e.g. --scenario peak.ts')
  if (args.length > (raw.scenario === undefined ? 1 : 0)) problems.push(`unexpected argument ${JSON.stringify(args.at(-1))}`)
  const overrides: RunOverrides = {}
  const target = text('target')
  if (target !== undefined) {
    if (isHttpUrl(target)) overrides.target = target
    else problems.push(`--target must be an http:// or https:// URL, got ${JSON.stringify(target)}${ipv6Hint(target)}`)
  }
  overrides.threads = wholeNumber(text('threads'), '--threads', 1, problems)
  overrides.iterations = wholeNumber(text('iterations'), '--iterations', 0, problems)
  overrides.seed = wholeNumber(text('seed'), '--seed', 0, problems)
  if (raw.insecure !== undefined && raw.insecure !== true) problems.push('--insecure takes no value')
  else if (raw.insecure === true) overrides.insecure = true
  const duration = durationOption(text('duration'), '--duration', problems)
  if (duration !== undefined) overrides.duration = text('duration')
  const timeoutMs = durationOption(text('timeout'), '--timeout', problems)
  if (overrides.iterations !== undefined && duration !== undefined) {
    problems.push('give --iterations or --duration, not both: they choose how phases without their own kind end')
  }
  const workers = wholeNumber(text('workers'), '--workers', 1, problems) ?? 1
  if (workers > MAX_WORKERS) problems.push(`--workers ${workers} is more than ${MAX_WORKERS}: each worker thread is a whole JavaScript engine; use about one per core`)
  const distributed = distributedOptions(text, raw, problems)
  const env = envOption(raw.env, problems)
  const streams: StreamTarget[] = []
  const outputs = readOutputs(raw, outputsFor('summary'), problems, streams)
  const repeat = repeatOption(text('repeat'), distributed, raw, problems)
  const dashboard = dashboardOption(raw.dashboard, problems)
  if (problems.length) return { problems }
  dropUndefined(overrides as Record<string, unknown>)
  return {
    problems,
    options: {
      scenario: scenario!, overrides, timeoutMs, outputs, streams, env, workers, repeat, dashboard, ...distributed,
      quiet: raw.quiet === true,
      progress: raw.progress !== false,
      save: raw.save !== false,
    },
  }
}

/** `--dashboard` alone: k6's port; `--dashboard=PORT` (0: any free port, said when listening). */
function dashboardOption(value: unknown, problems: string[]): number | undefined {
  if (value === undefined) return undefined
  if (value === true) return DEFAULT_DASHBOARD_PORT
  if (Array.isArray(value)) {
    problems.push(`--dashboard was given ${value.length} times; give it once`)
    return undefined
  }
  const port = wholeNumber(String(value), '--dashboard', 0, problems)
  if (port !== undefined && port > 65_535) problems.push(`--dashboard ${port} is not a port (0 to 65535)`)
  return port
}

/** Most runs `--repeat` makes: enough for any comparison, bounded so a typo does not run for a day. */
const MAX_REPEAT = 100

/** `--repeat N` (docs/results.md): several runs to compare as a side; not for a part of a distributed run or setup alone. */
function repeatOption(value: string | undefined, distributed: Pick<RunnerOptions, 'segment' | 'setupDataOut'>, raw: Raw, problems: string[]): number {
  const repeat = wholeNumber(value, '--repeat', 1, problems) ?? 1
  if (repeat > MAX_REPEAT) problems.push(`--repeat ${repeat} is more than ${MAX_REPEAT}`)
  if (repeat > 1 && distributed.segment) problems.push('--repeat cannot go with --segment: a part run again is not part of the same distributed run; repeat the whole distributed run')
  if (repeat > 1 && distributed.setupDataOut !== undefined) problems.push('--repeat cannot go with --setup-data-out: setup() alone is not a run')
  if (repeat > 1 && raw.save === false && raw.out === undefined) problems.push('--repeat with --no-save keeps none of the runs to compare: drop --no-save, or give --out FILE.json (one file a run)')
  return repeat
}

/** --segment, --start-at and setup()'s data (docs/distributed.md). */
function distributedOptions(text: (name: string) => string | undefined, raw: Raw, problems: string[]) {
  const options: Pick<RunnerOptions, 'segment' | 'startAtMs' | 'setup' | 'teardown' | 'setupData' | 'setupDataOut'> = {
    setup: raw.setup !== false, teardown: raw.teardown !== false, setupData: text('setupData'), setupDataOut: text('setupDataOut'),
  }
  const segment = text('segment')
  if (segment !== undefined) {
    const parsed = parseSegment(segment)
    if ('problem' in parsed) problems.push(parsed.problem)
    else options.segment = parsed.part
  }
  const startAt = text('startAt')
  if (startAt !== undefined) {
    const parsed = parseStartAt(startAt)
    if ('problem' in parsed) problems.push(parsed.problem)
    else if (parsed.epochMs - Date.now() > MAX_WAIT_MS) problems.push(`--start-at ${startAt} is more than 24 h ahead: check the date and the zone`)
    else options.startAtMs = parsed.epochMs
  }
  if (options.setupData !== undefined && !options.setup) problems.push('give --setup-data FILE or --no-setup, not both: --setup-data already skips setup()')
  if (options.setupDataOut !== undefined && (options.setupData !== undefined || !options.setup)) {
    problems.push('--setup-data-out runs setup() to write its data: it cannot go with --setup-data or --no-setup')
  }
  return options
}

/** One option's text, or a problem when it was given twice or without a value (subcommands read theirs with it too). */
export function single(raw: Raw, name: string, problems: string[]): string | undefined {
  const value = raw[name]
  if (value === undefined) return undefined
  if (Array.isArray(value)) {
    problems.push(`--${name} was given ${value.length} times; give it once`)
    return undefined
  }
  if (typeof value === 'boolean' || value === '') {
    problems.push(`--${name} needs a value`)
    return undefined
  }
  return String(value)
}

/** Also read by subcommands (capacity). */
export function wholeNumber(value: string | undefined, flag: string, min: number, problems: string[]): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (/^\d+$/.test(value.trim()) && Number.isSafeInteger(n) && n >= min) return n
  problems.push(`${flag} must be a whole number >= ${min}, got ${JSON.stringify(value)}`)
  return undefined
}

/** Also read by subcommands (capacity). */
export function durationOption(value: string | undefined, flag: string, problems: string[]): number | undefined {
  if (value === undefined) return undefined
  // On the command line every value is text: a bare number is ambiguous, so a unit is required.
  const ms = /^\s*\d+(\.\d+)?\s*$/.test(value) ? undefined : parseDuration(value)
  if (ms !== undefined && ms > 0) return ms
  if (ms === 0) problems.push(`${flag} ${JSON.stringify(value)} must be more than 0`)
  else problems.push(`${flag} ${JSON.stringify(value)} is not a duration: use a unit, e.g. 500ms, 30s, 2m`)
  return undefined
}

/** Also read by subcommands (capacity). */
export function envOption(value: unknown, problems: string[]): Record<string, string> {
  const env: Record<string, string> = {}
  if (value === undefined) return env
  for (const entry of Array.isArray(value) ? value : [value]) {
    const match = typeof entry === 'string' ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(entry) : null
    if (match) env[match[1]!] = match[2]!
    else problems.push(`--env takes KEY=VALUE, got ${JSON.stringify(entry)}`)
  }
  return env
}

function dropUndefined(record: Record<string, unknown>): void {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key]
}


/** cac camel-cases option names; show them as typed: fooBar -> --foo-bar. */
function flagName(name: string): string {
  return name.length > 1 ? '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()) : '-' + name
}
