import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { coreLayout } from '../lib/cpus.ts'
import { startFastTarget } from '../lib/fast-target.ts'
import { fmtInt, fmtMb } from '../lib/format.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'
import { runRunner } from '../lib/runner.ts'
import { slope } from '../lib/stats.ts'

const SCENARIO = new URL('../scenarios/soak.ts', import.meta.url).pathname
const SAMPLES = new URL('../lib/heap-samples.mjs', import.meta.url).pathname
const RATE = 2000
/** Growth below this is noise: a 10-minute run keeps less than 600 KB more. */
const TARGET_BYTES_PER_S = 1024

interface Sample {
  s: number
  heap: number
  rss: number
}

/**
 * A fixed-rate soak (2,000/s for 10 minutes; 60 s with --quick) with a full GC and a sample of
 * heapUsed and RSS every 10 s. The slopes are fitted from the second minute on (the first is
 * the JIT and the heap settling): a runner that kept something per request or per iteration
 * would show as a steady slope.
 */
export async function soakSection(opts: BenchOptions): Promise<SectionResult> {
  const seconds = opts.quick ? 60 : 600
  const warmupS = opts.quick ? 20 : 60
  const target = await startFastTarget()
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-soak-'))
  const file = join(dir, 'samples.jsonl')
  try {
    const result = await runRunner({
      scenario: SCENARIO, target: target.url, threads: 200, core: coreLayout().generator, timeoutS: seconds + 120,
      nodeFlags: ['--expose-gc', '--import', SAMPLES],
      env: { BENCH_SOAK_RATE: String(RATE), BENCH_SOAK_SECONDS: String(seconds), BENCH_HEAP_FILE: file, BENCH_SAMPLE_MS: opts.quick ? '5000' : '10000' },
    })
    const samples = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Sample)
    const settled = samples.filter((sample) => sample.s >= warmupS)
    const heapSlope = slope(settled.map((x) => [x.s, x.heap]))
    const rssSlope = slope(settled.map((x) => [x.s, x.rss]))
    for (const x of samples) console.log(`  soak ${x.s.toFixed(0)} s: post-GC heap ${fmtMb(x.heap)}, RSS ${fmtMb(x.rss)}`)
    const first = settled[0]!
    const last = settled.at(-1)!
    const rows: Row[] = [{
      section: 'soak',
      case: `${fmtInt(RATE)}/s for ${seconds} s against ${target.name}, ${fmtInt(result.requests)} requests, slopes from ${warmupS} s`,
      a: `post-GC heap ${fmtMb(first.heap)} -> ${fmtMb(last.heap)}: ${(heapSlope / 1024).toFixed(2)} KB/s`,
      b: `RSS ${fmtMb(first.rss)} -> ${fmtMb(last.rss)}: ${(rssSlope / 1024).toFixed(2)} KB/s`,
      target: '< 1 KB/s each',
      holds: heapSlope < TARGET_BYTES_PER_S && rssSlope < TARGET_BYTES_PER_S,
      note: result.errors ? `${result.errors} failed requests` : undefined,
    }]
    return { rows, data: { target: target.name, rate: RATE, seconds, samples, heapSlope, rssSlope } }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await target.close()
  }
}
