import { run } from './proc.ts'
import type { LoadResult } from './load-result.ts'

const FLOOR = new URL('../tools/node-floor.ts', import.meta.url).pathname
const ROOT = new URL('../../', import.meta.url).pathname

export interface NodeFloorOptions {
  url: string
  connections: number
  durationS: number
  protocol: 'h1' | 'h2'
  core?: number
}

/**
 * Node's floor (bench/tools/node-floor.ts) on the generator core: what any load generator written
 * for Node could reach against this target, the ceiling the runner's own rows are read against.
 */
export async function runNodeFloor(opts: NodeFloorOptions): Promise<LoadResult> {
  const res = await run(process.execPath, ['--import', 'tsx', FLOOR, opts.url, String(opts.connections), String(opts.durationS), opts.protocol], {
    core: opts.core, cwd: ROOT, timeoutMs: (opts.durationS + 30) * 1000,
  })
  let out: { requests: number; seconds: number; latenciesMs: [number, number] }
  try {
    out = JSON.parse(res.stdout.trim().split('\n').pop() ?? '') as typeof out
  } catch {
    throw new Error(`node-floor gave no result (exit ${res.code}): ${(res.stderr || res.stdout).slice(-500)}`)
  }
  return { tool: `node floor ${opts.protocol}`, requests: out.requests, errors: 0, rps: out.requests / out.seconds, p50Ms: out.latenciesMs[0], p99Ms: out.latenciesMs[1] }
}
