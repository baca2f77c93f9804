import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from './proc.ts'
import type { LoadResult } from './load-result.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const RSS_PRELOAD = new URL('./rss-on-exit.mjs', import.meta.url).pathname

export interface RunnerOptions {
  scenario: string
  /** Omitted: the runner's embedded handler, in the runner's own process. */
  target?: string
  threads: number
  durationS?: number
  iterations?: number
  workers?: number
  core?: number
  /** Added to the command line as is. */
  extraArgs?: string[]
  /** Flags for node itself, before the runner (e.g. --max-semi-space-size=8). */
  nodeFlags?: string[]
  /** Open files allowed to the runner (the scale test holds 10,000 connections). */
  maxFiles?: number
  timeoutS?: number
  /** Added to the runner's environment (scenarios may read process.env at load). */
  env?: Record<string, string>
}

/** The summary fields the bench reads from `--out` (schema edgeload.summary/1). */
interface SummaryJson {
  wallMs: number
  overall: { requests: number; successful: number; failed: number; throughput: number; latency: { p50: number; p99: number } }
}

export interface RunnerResult extends LoadResult {
  exitCode: number | null
  wallMs: number
}

/**
 * Runs the runner as users do (`node runner --scenario ...`), in its own process, and reads
 * its --out summary and its peak RSS.
 */
export async function runRunner(opts: RunnerOptions): Promise<RunnerResult> {
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-runner-'))
  const out = join(dir, 'summary.json')
  const rssFile = join(dir, 'rss')
  const args = [...(opts.nodeFlags ?? []), '--import', RSS_PRELOAD, join(ROOT, 'runner'), '--scenario', opts.scenario,
    '--threads', String(opts.threads), '--quiet', '--no-save', '--out', out] // bench runs stay out of the user's run history
  if (opts.target !== undefined) args.push('--target', opts.target)
  if (opts.durationS !== undefined) args.push('--duration', `${opts.durationS}s`)
  if (opts.iterations !== undefined) args.push('--iterations', String(opts.iterations))
  if (opts.workers !== undefined) args.push('--workers', String(opts.workers))
  args.push(...(opts.extraArgs ?? []))
  const shellLine = `ulimit -n ${opts.maxFiles ?? 4096} 2>/dev/null; exec "$0" "$@"`
  try {
    const res = await run('sh', ['-c', shellLine, process.execPath, ...args], {
      core: opts.core, cwd: ROOT, env: { ...process.env, ...opts.env, BENCH_RSS_FILE: rssFile }, timeoutMs: (opts.timeoutS ?? 600) * 1000,
    })
    let summary: SummaryJson
    try {
      summary = JSON.parse(readFileSync(out, 'utf8')) as SummaryJson
    } catch {
      throw new Error(`runner wrote no summary (exit ${res.code}): ${(res.stderr || res.stdout).slice(-800)}`)
    }
    const o = summary.overall
    return {
      tool: 'runner',
      exitCode: res.code,
      wallMs: summary.wallMs,
      requests: o.requests,
      errors: o.failed,
      rps: o.throughput,
      p50Ms: o.latency.p50,
      p99Ms: o.latency.p99,
      peakRssBytes: Number(readFileSync(rssFile, 'utf8')),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
