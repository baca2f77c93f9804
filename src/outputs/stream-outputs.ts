/**
 * The streams a run can send while it goes (`--out name=target`, repeatable): one row each, with
 * the check made before the run (a bad target is exit 2 before any load) and the subscriber it
 * puts on the run's live feed (src/load/live/live-feed.ts).
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { LiveSubscriber } from '../load/live/live-feed.ts'
import { parseDuration } from '../load/parse-duration.ts'
import { influxOutput, influxTarget } from './influxdb-output.ts'
import { jsonSamplesOutput } from './json-samples.ts'
import { prometheusOutput } from './prometheus-output.ts'

export interface StreamTarget {
  name: string
  target: string
}

interface StreamRow {
  name: string
  /** For the error that lists them. */
  example: string
  /** The target is a file (--repeat numbers it per run). */
  file?: boolean
  /** What is wrong with the target, if anything. */
  check(target: string, env: Env): string | undefined
  open(target: string, env: Env): LiveSubscriber
}

type Env = Record<string, string | undefined>

const STREAMS: readonly StreamRow[] = [
  { name: 'json', example: 'json=samples.jsonl.gz', file: true, check: checkFile, open: jsonSamplesOutput },
  {
    name: 'prometheus', example: 'prometheus=http://127.0.0.1:9090/api/v1/write',
    check: (url, env) => checkUrl(url) ?? checkInterval(env, PROMETHEUS_INTERVAL),
    open: (url, env) => prometheusOutput(url, { pushIntervalMs: interval(env, PROMETHEUS_INTERVAL) }),
  },
  {
    name: 'influxdb', example: 'influxdb=http://127.0.0.1:8086/k6',
    check: (url, env) => (influxTarget(url) ? undefined : checkUrl(url) ?? BAD_DATABASE) ?? checkInterval(env, INFLUX_INTERVAL),
    open: (url, env) => influxOutput(url, { pushIntervalMs: interval(env, INFLUX_INTERVAL) }),
  },
]

const BAD_DATABASE = 'the database (the URL\'s path) is not valid percent-encoding'

/** k6's variables for the push intervals (a duration: `5s`, `500ms`). */
const PROMETHEUS_INTERVAL = 'K6_PROMETHEUS_RW_PUSH_INTERVAL'
const INFLUX_INTERVAL = 'K6_INFLUXDB_PUSH_INTERVAL'

/** `json=run.jsonl` checked: a known stream with a good target, else the problem. */
export function parseStream(entry: string, env: Env = process.env): StreamTarget | string {
  const at = entry.indexOf('=')
  const name = entry.slice(0, at)
  const target = entry.slice(at + 1)
  const row = STREAMS.find((stream) => stream.name === name)
  if (!row) return `--out ${entry}: unknown output ${JSON.stringify(name)}; one of ${STREAMS.map((stream) => stream.example).join(', ')}`
  if (target === '') return `--out ${entry}: needs a target, e.g. --out ${row.example}`
  const problem = row.check(target, env)
  return problem === undefined ? { name, target } : `--out ${entry}: ${problem}`
}

export function openStream(stream: StreamTarget, env: Env = process.env): LiveSubscriber {
  return STREAMS.find((row) => row.name === stream.name)!.open(stream.target, env)
}

/** The stream writes a file (its target is a path). */
export function streamWritesFile(stream: StreamTarget): boolean {
  return STREAMS.find((row) => row.name === stream.name)?.file === true
}

function checkUrl(url: string): string | undefined {
  try {
    const { protocol } = new URL(url)
    if (protocol === 'http:' || protocol === 'https:') return undefined
  } catch {
    // Said below.
  }
  return 'needs an http:// or https:// URL'
}

function checkInterval(env: Env, name: string): string | undefined {
  const text = env[name]
  if (text === undefined) return undefined
  const ms = parseDuration(text)
  return ms !== undefined && ms > 0 ? undefined : `${name}=${text} is not a duration such as 5s or 500ms`
}

function interval(env: Env, name: string): number | undefined {
  const text = env[name]
  return text === undefined ? undefined : parseDuration(text)
}

function checkFile(file: string): string | undefined {
  try {
    if (statSync(file).isDirectory()) return 'is a directory; name a file'
  } catch {
    // Not there yet: it will be made.
  }
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true })
    accessSync(dirname(resolve(file)), constants.W_OK)
    return undefined
  } catch (error) {
    return `cannot write there (${(error as Error).message})`
  }
}
