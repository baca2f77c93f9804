// What the local Lambda recorded of its environments during one compare:local run: the runner
// counts cold starts from X-Cold-Start; the init each one took and the requests refused at the
// concurrency limit are the local Lambda's own record (src/local-lambda/environment-pool.ts).
import type { LocalServer } from '../../src/local-runtimes/local-server.ts'
import type { PoolRecord } from '../../src/local-lambda/environment-pool.ts'

export interface EnvironmentFigures {
  coldStarts: number
  /** Init durations in ms, sorted. */
  initMs: number[]
  throttled: number
  timeouts: number
  errors: number
  /** Most environments alive at once, and the limit. */
  peak: number
  limit: number
}

/** The figures of a server that has execution environments (the local Lambda), else undefined. */
export function environmentFigures(server: LocalServer): EnvironmentFigures | undefined {
  if (!('record' in server) || !('pool' in server)) return undefined
  const record = server.record as PoolRecord
  const { limit } = server.pool as { limit: number }
  return { coldStarts: record.coldStarts, initMs: [...record.initMs].sort((a, b) => a - b), throttled: record.throttled, timeouts: record.timeouts, errors: record.errors, peak: record.peak, limit }
}

/** Lines under the comparison: each runtime's cold starts with their init, and why it answered 429s. */
export function environmentLines(columns: { runtime: string; summary?: unknown; environments?: EnvironmentFigures }[]): string[] {
  const measured = columns.filter((c) => c.summary)
  if (measured.length === 0) return []
  const width = Math.max(...measured.map((c) => c.runtime.length))
  return ['Cold starts and init:', ...measured.map((c) => `  ${c.runtime.padEnd(width)}  ${describe(c.environments)}`)]
}

function describe(figures: EnvironmentFigures | undefined): string {
  if (!figures) return 'one process started before the run (its init is not part of any request)'
  const { initMs } = figures
  const init = initMs.length
    ? `init median ${initMs[Math.floor((initMs.length - 1) / 2)]!.toFixed(0)} ms, max ${initMs[initMs.length - 1]!.toFixed(0)} ms`
    : 'no init finished'
  const refused = figures.throttled ? `; ${figures.throttled} requests answered 429 at the concurrency limit of ${figures.limit}` : ''
  const failed = figures.timeouts + figures.errors ? `; ${figures.timeouts} timeouts, ${figures.errors} function errors` : ''
  return `${figures.coldStarts} environments started during the run (${init}), at most ${figures.peak} at once${refused}${failed}`
}
