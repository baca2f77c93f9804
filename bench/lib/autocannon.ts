import { run } from './proc.ts'
import type { LoadResult } from './load-result.ts'

const BIN = new URL('../../node_modules/autocannon/autocannon.js', import.meta.url).pathname

export interface AutocannonOptions {
  url: string
  connections: number
  durationS: number
  core?: number
  method?: string
}

interface AutocannonJson {
  duration: number
  errors: number
  timeouts: number
  non2xx: number
  latency: { p50: number; p99: number }
  requests: { total: number }
}

/** Runs autocannon's own CLI in a child process, as its users would, and reads its --json summary. */
export async function runAutocannon(opts: AutocannonOptions): Promise<LoadResult> {
  const args = [BIN, '-j', '-n', '-c', String(opts.connections), '-d', String(opts.durationS)]
  if (opts.method) args.push('-m', opts.method)
  args.push(opts.url)
  const res = await run(process.execPath, args, { core: opts.core, timeoutMs: (opts.durationS + 30) * 1000 })
  let j: AutocannonJson
  try {
    j = JSON.parse(res.stdout) as AutocannonJson
  } catch {
    throw new Error(`autocannon gave no JSON (exit ${res.code}): ${res.stderr.slice(0, 500)}`)
  }
  return {
    tool: 'autocannon',
    requests: j.requests.total,
    errors: j.errors + j.timeouts + j.non2xx,
    rps: j.requests.total / j.duration,
    p50Ms: j.latency.p50,
    p99Ms: j.latency.p99,
  }
}
