/**
 * Scaling out with `--segment` (docs/distributed.md): the same capacity load as one runner
 * process and as two (`--segment 1/2`, `2/2`, one `--start-at`), merged by `node runner merge`;
 * and what merging costs: the time and peak memory of `merge` over 100 parts.
 *
 * Pinning as the other rows: the target (nginx) on the last core, the generator on the first;
 * with three or more cores the second part gets a core of its own, with two it shares the
 * generator's (then the row measures what the split costs, not what a second machine brings).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { coreLayout } from '../lib/cpus.ts'
import { startFastTarget, type Target } from '../lib/fast-target.ts'
import { fmtMb, fmtMs } from '../lib/format.ts'
import type { LoadResult } from '../lib/load-result.ts'
import type { BenchOptions } from '../lib/options.ts'
import { run } from '../lib/proc.ts'
import type { Row, SectionResult } from '../lib/report.ts'
import { describeContender as describe, pairedRatio, sideBySide } from '../lib/side-by-side.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const RUNNER = join(ROOT, 'runner')
const SCENARIO = new URL('../scenarios/capacity.ts', import.meta.url).pathname
const RSS_PRELOAD = new URL('../lib/rss-on-exit.mjs', import.meta.url).pathname
const MERGE_PARTS = 100
/** Time for both parts to load before their common start. */
const START_MARGIN_MS = 6000

interface MergedJson {
  wallMs: number
  overall: { requests: number; failed: number; throughput: number; latency: { p50: number; p99: number } }
}

export async function scaleSegmentsSection(opts: BenchOptions): Promise<SectionResult> {
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-segments-'))
  const target = await startFastTarget()
  try {
    const c = opts.connections
    const d = opts.durationS
    const cores = partCores()
    const [one, two] = await sideBySide([
      { name: '1 process', run: () => runSegmented(dir, target, 1, c, d, cores) },
      { name: '2 processes', run: () => runSegmented(dir, target, 2, c, d, cores) },
    ], opts.rounds, 'segments')
    const shared = cores[0] === cores[1] ? 'both parts on the generator core' : `parts on cores ${cores.join(', ')}`
    const rows: Row[] = [{
      section: 'segments', case: `--segment 1/2 + 2/2 merged / 1 process, ${c} threads vs ${target.name} (${shared})`,
      a: describe(one!), b: describe(two!), ratio: pairedRatio(two!, one!),
      note: 'the merged run has exactly the requests one process would schedule; req/s are over the merged wall time',
    }]
    const merge = await mergeHundred(dir)
    console.log(`  merge of ${MERGE_PARTS} parts: ${fmtMs(merge.ms)}, peak RSS ${fmtMb(merge.peakRssBytes)}, parts ${fmtMb(merge.inputBytes)} in all`)
    rows.push({
      section: 'segments', case: `node runner merge, ${MERGE_PARTS} parts (${fmtMb(merge.inputBytes / MERGE_PARTS)} each)`,
      a: `${(merge.ms / 1000).toFixed(2)} s`, b: `peak RSS ${fmtMb(merge.peakRssBytes)}`,
    })
    return { rows, data: { target: target.name, cores, one, two, merge } }
  } finally {
    await target.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The generator's core for part 1; part 2 on another core when one is free of the target. */
function partCores(): (number | undefined)[] {
  const { generator, target } = coreLayout()
  if (generator === undefined) return [undefined, undefined]
  const spare = Array.from({ length: availableParallelism() }, (_, i) => i).find((core) => core !== generator && core !== target)
  return [generator, spare ?? generator]
}

let round = 0
/** The part summaries of the latest 2-process run, copied for the merge of 100 parts. */
let lastParts: string[] = []

/** `n` parts at once (n = 1: a plain run), merged when more than one; the merged run's figures. */
async function runSegmented(dir: string, target: Target, n: number, threads: number, durationS: number, cores: (number | undefined)[]): Promise<LoadResult> {
  const base = ['--scenario', SCENARIO, '--target', target.url, '--threads', String(threads), '--duration', `${durationS}s`, '--quiet', '--no-save']
  const startAt = new Date(Date.now() + START_MARGIN_MS).toISOString()
  const files = Array.from({ length: n }, (_, i) => join(dir, `r${++round}-part-${i + 1}.json`))
  const runs = await Promise.all(files.map((file, i) => {
    const segment = n === 1 ? [] : ['--segment', `${i + 1}/${n}`, '--start-at', startAt]
    return run(process.execPath, [RUNNER, ...base, ...segment, '--out', file], { core: cores[i], cwd: ROOT, timeoutMs: (durationS + 60) * 1000 })
  }))
  for (const [i, r] of runs.entries()) if (r.code !== 0) throw new Error(`part ${i + 1}/${n} exited ${r.code}: ${r.stderr.slice(-400)}`)
  let summaryFile = files[0]!
  if (n > 1) {
    lastParts = files
    summaryFile = join(dir, `r${round}-merged.json`)
    const merged = await run(process.execPath, [RUNNER, 'merge', ...files, '--out', summaryFile], { cwd: ROOT })
    if (merged.code !== 0) throw new Error(`merge exited ${merged.code}: ${merged.stderr.slice(-400)}`)
  }
  const s = JSON.parse(readFileSync(summaryFile, 'utf8')) as MergedJson
  return { tool: 'runner', requests: s.overall.requests, errors: s.overall.failed, rps: s.overall.throughput, p50Ms: s.overall.latency.p50, p99Ms: s.overall.latency.p99 }
}

/**
 * Merge cost: two real parts (a short run of the capacity scenario) copied into 100 segments of
 * one run, each as large as a real part, merged by the command users run.
 */
async function mergeHundred(dir: string): Promise<{ ms: number; peakRssBytes: number; inputBytes: number }> {
  const parts = lastParts.map((file) => readFileSync(file, 'utf8'))
  if (parts.length === 0) throw new Error('no 2-process run left part summaries to copy')
  const files: string[] = []
  let inputBytes = 0
  for (let i = 0; i < MERGE_PARTS; i++) {
    const part = JSON.parse(parts[i % parts.length]!) as { segment: { index: number; count: number } }
    part.segment = { ...part.segment, index: i + 1, count: MERGE_PARTS }
    const text = JSON.stringify(part)
    inputBytes += Buffer.byteLength(text)
    files.push(join(dir, `hundred-${i + 1}.json`))
    writeFileSync(files.at(-1)!, text)
  }
  const rssFile = join(dir, 'merge-rss')
  const started = performance.now()
  const merged = await run(process.execPath, ['--import', RSS_PRELOAD, RUNNER, 'merge', ...files, '--out', join(dir, 'hundred-merged.json')], {
    cwd: ROOT, env: { ...process.env, BENCH_RSS_FILE: rssFile },
  })
  const ms = performance.now() - started
  if (merged.code !== 0) throw new Error(`merge of ${MERGE_PARTS} parts exited ${merged.code}: ${merged.stderr.slice(-400)}`)
  return { ms, peakRssBytes: Number(readFileSync(rssFile, 'utf8')), inputBytes }
}
