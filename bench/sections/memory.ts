import { coreLayout } from '../lib/cpus.ts'
import { startFastTarget } from '../lib/fast-target.ts'
import { runRunner, type RunnerResult } from '../lib/runner.ts'
import { fmtInt, fmtMb, fmtPct } from '../lib/format.ts'
import { median } from '../lib/stats.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'

const SCENARIO = new URL('../scenarios/memory.ts', import.meta.url).pathname
const THREADS = 50
const TARGET_GROWTH = 0.1

function describe(r: RunnerResult): string {
  return `${fmtInt(r.requests)} req: peak RSS ${fmtMb(r.peakRssBytes!)}`
}

/**
 * The runner's peak RSS after 100,000 and after 2,000,000 requests of the same scenario. What
 * grows between them is V8's young generation reaching its size cap (heapUsed stays flat): the
 * metrics themselves (HDR histograms, per-second series) do not grow with the requests.
 */
export async function memorySection(opts: BenchOptions): Promise<SectionResult> {
  const target = await startFastTarget()
  const core = coreLayout().generator
  const counts = opts.quick ? [100_000, 400_000] : [100_000, 2_000_000]
  const rows: Row[] = []
  const data: Record<string, unknown> = { target: target.name, threads: THREADS }
  try {
    // As users run it, then with V8's young generation fixed at start (V8 reads that flag only
    // at startup): the difference between the two rows is V8 sizing its heap, not the runner.
    for (const [label, nodeFlags] of [['node runner', []], ['node --max-semi-space-size=8 runner', ['--max-semi-space-size=8']]] as const) {
      const runs: RunnerResult[] = []
      for (const requests of counts) {
        // Each count is run a few times (the long one twice at most), the median peak kept:
        // a peak is one sample, and the machine is shared.
        const times = requests > 500_000 ? Math.min(2, opts.rounds) : opts.rounds
        const peaks: RunnerResult[] = []
        for (let i = 0; i < times; i++) {
          const r = await runRunner({ scenario: SCENARIO, target: target.url, threads: THREADS, iterations: requests / THREADS, core, nodeFlags: [...nodeFlags] })
          console.log(`  memory (${label}) ${fmtInt(r.requests)} requests: peak RSS ${fmtMb(r.peakRssBytes!)}, ${fmtInt(r.rps)} req/s, errors ${r.errors}`)
          peaks.push(r)
        }
        runs.push({ ...peaks[0]!, peakRssBytes: median(peaks.map((r) => r.peakRssBytes!)) })
      }
      const [small, large] = runs as [RunnerResult, RunnerResult]
      const growth = (large.peakRssBytes! - small.peakRssBytes!) / small.peakRssBytes!
      rows.push({
        section: 'memory', case: `peak RSS, ${THREADS} threads, ${label}`, a: describe(small), b: describe(large),
        ratio: large.peakRssBytes! / small.peakRssBytes!, target: `growth < ${fmtPct(TARGET_GROWTH)}`, holds: growth < TARGET_GROWTH,
        note: `growth ${fmtPct(growth)}`,
      })
      data[label] = { runs, growth }
    }
    return { rows, data }
  } finally {
    await target.close()
  }
}
