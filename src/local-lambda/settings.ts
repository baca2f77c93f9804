import { parseDuration } from '../load/parse-duration.ts'
import { postgresUrlFrom } from '../store/database-url.ts'

/** `npm run start:lambda`'s settings (docs/deploy-lambda.md, "Local Lambda"). */
export interface LambdaSettings {
  port: number
  host: string
  /** Most environments busy at once; one more request is answered 429 (Lambda's concurrency limit). */
  concurrency: number
  /** An invocation running longer is stopped, its environment discarded, the request answered 504. */
  timeoutMs: number
  /** An environment unused this long is reaped; the next request past the free ones is a cold start. */
  idleMs: number
  /** Recorded and passed to the function (AWS_LAMBDA_FUNCTION_MEMORY_SIZE, Node's heap size); it does not limit CPU here. */
  memoryMb: number
  /** Postgres shared by every environment; without it each environment has its own SQLite in its own /tmp. */
  databaseUrl?: string
}

export const LAMBDA_DEFAULTS = { PORT: '3000', HOST: '127.0.0.1', LAMBDA_CONCURRENCY: '10', LAMBDA_TIMEOUT: '30s', LAMBDA_IDLE: '5m', LAMBDA_MEMORY: '512' } as const

/** Reads the settings from the environment; a bad value throws an Error naming the variable. */
export function readLambdaSettings(env: Record<string, string | undefined>): LambdaSettings {
  const get = (name: keyof typeof LAMBDA_DEFAULTS) => env[name] || LAMBDA_DEFAULTS[name]
  return {
    port: integer('PORT', get('PORT'), 0, 65535),
    host: get('HOST'),
    concurrency: integer('LAMBDA_CONCURRENCY', get('LAMBDA_CONCURRENCY'), 1, 10_000),
    // Lambda's own limit: a function's timeout is at most 15 minutes.
    timeoutMs: duration('LAMBDA_TIMEOUT', get('LAMBDA_TIMEOUT'), 15 * 60_000, '15m, Lambda\'s limit'),
    // Node's timers fire at once past about 24.8 days (2^31 ms): a day is the cap.
    idleMs: duration('LAMBDA_IDLE', get('LAMBDA_IDLE'), 24 * 3_600_000, '24h'),
    // Lambda's own range for MemorySize.
    memoryMb: integer('LAMBDA_MEMORY', get('LAMBDA_MEMORY'), 128, 10_240),
    databaseUrl: postgresUrlFrom(env),
  }
}

function integer(name: string, text: string, min: number, max: number): number {
  const n = Number(text)
  if (!/^\d+$/.test(text) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`)
  return n
}

function duration(name: string, text: string, maxMs: number, max: string): number {
  const ms = parseDuration(text)
  if (ms === undefined || ms < 1 || ms > maxMs) throw new Error(`${name} must be a duration from 1ms to ${max}, like '30s', '5m' or '500ms', got ${JSON.stringify(text)}`)
  return ms
}
