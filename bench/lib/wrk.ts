import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from './proc.ts'
import type { LoadResult } from './load-result.ts'

const LUA_DIR = new URL('../lua/', import.meta.url).pathname

export interface WrkOptions {
  binary: string
  url: string
  connections: number
  durationS: number
  threads?: number
  core?: number
  /** A script in bench/lua/ (e.g. 'post-steps.lua') that shapes the requests. */
  script?: string
  env?: NodeJS.ProcessEnv
  timeoutS?: number
}

interface WrkJson {
  requests: number
  durationUs: number
  errors: { connect: number; read: number; write: number; status: number; timeout: number }
  latencyUs: { mean: number; p50: number; p90: number; p99: number; max: number }
}

/** wrk takes one script; ours is the request shaper (if any) followed by the JSON reporter. */
function writeScript(dir: string, script: string | undefined): string {
  const parts = [script ? readFileSync(join(LUA_DIR, script), 'utf8') : '', readFileSync(join(LUA_DIR, 'report.lua'), 'utf8')]
  const file = join(dir, 'bench.lua')
  writeFileSync(file, parts.join('\n'))
  return file
}

export async function runWrk(opts: WrkOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-wrk-'))
  try {
    const args = [
      '-t', String(opts.threads ?? 1), '-c', String(opts.connections), '-d', `${opts.durationS}s`,
      '--timeout', `${opts.timeoutS ?? 10}s`, '-s', writeScript(dir, opts.script), opts.url,
    ]
    const res = await run(opts.binary, args, { core: opts.core, env: { ...process.env, ...opts.env }, timeoutMs: (opts.durationS + 30) * 1000 })
    const line = res.stdout.split('\n').find((l) => l.startsWith('WRKJSON '))
    if (!line) throw new Error(`wrk gave no result (exit ${res.code}): ${res.stderr || res.stdout}`)
    const j = JSON.parse(line.slice(8)) as WrkJson
    const errors = j.errors.connect + j.errors.read + j.errors.write + j.errors.status + j.errors.timeout
    return {
      tool: 'wrk',
      requests: j.requests,
      errors,
      rps: j.requests / (j.durationUs / 1e6),
      p50Ms: j.latencyUs.p50 / 1000,
      p99Ms: j.latencyUs.p99 / 1000,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
