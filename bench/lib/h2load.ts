import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from './proc.ts'
import type { LoadResult } from './load-result.ts'
import { percentile } from './stats.ts'

export interface H2loadOptions {
  url: string
  /** Clients, one connection each, one request at a time on it (-m 1), as the runner's threads. */
  connections: number
  durationS: number
  /** HTTP/1.1 instead of HTTP/2 (h2load --h1). */
  h1?: boolean
  core?: number
}

/**
 * Runs nghttp2's h2load (Debian's nghttp2-client) as its users do; its summary has no
 * percentiles, so each request's time is read from its --log-file.
 */
export async function runH2load(binary: string, opts: H2loadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-h2load-'))
  const log = join(dir, 'requests.tsv')
  try {
    const args = ['-c', String(opts.connections), '-m', '1', '-D', String(opts.durationS), '--log-file', log, ...(opts.h1 ? ['--h1'] : []), opts.url]
    const res = await run(binary, args, { core: opts.core, timeoutMs: (opts.durationS + 30) * 1000 })
    const finished = /finished in ([\d.]+)s/.exec(res.stdout)
    const requests = /requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(res.stdout)
    if (!finished || !requests) throw new Error(`h2load gave no summary (exit ${res.code}): ${(res.stderr || res.stdout).slice(-500)}`)
    // Columns: start (µs since the epoch), status, µs to the end of the response.
    const times = readFileSync(log, 'utf8').trimEnd().split('\n').map((line) => Number(line.split('\t')[2]) / 1000).sort((a, b) => a - b)
    const done = Number(requests[2])
    return {
      tool: 'h2load',
      requests: done,
      errors: Number(requests[4]) + Number(requests[5]) + Number(requests[6]),
      rps: done / Number(finished[1]),
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
