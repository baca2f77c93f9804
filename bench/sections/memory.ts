import { coreLayout } from '../lib/cpus.ts'
import { startFastTarget } from '../lib/fast-target.ts'
import { runRunner, type RunnerResult } from '../lib/runner.ts'
import { fmtInt, fmtMb, fmtPct } from '../lib/format.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'

const SCENARIO = new URL('../scenarios/memory.ts', import.meta.url).pathname
const THREADS = 50
const TARGET_GROWTH = 0.1

function describe(r: RunnerResult): string {
  return `${fmtInt(r.requests)} req: peak RSS ${fmtMb(r.peakRssBytes!)}`
}

/** The runner's peak RSS after 100,000 and after 2,000,000 requests of the same scenario. */
export async function memorySection(opts: BenchOptions): Promise<SectionResult> {
  const target = await startFastTarget()
  const core = coreLayout().generator
  const counts = opts.quick ? [100_000, 400_000] : [100_000, 2_000_000]
  try {
    const runs: RunnerResult[] = []
    for (const requests of counts) {
      const r = await runRunner({ scenario: SCENARIO, target: target.url, threads: THREADS, iterations: requests / THREADS, core })
      console.log(`  memory ${fmtInt(r.requests)} requests: peak RSS ${fmtMb(r.peakRssBytes!)}, ${fmtInt(r.rps)} req/s, errors ${r.errors}`)
      runs.push(r)
    }
    const [small, large] = runs as [RunnerResult, RunnerResult]
    const growth = (large.peakRssBytes! - small.peakRssBytes!) / small.peakRssBytes!
    const row: Row = {
      section: 'memory', case: `runner peak RSS, ${THREADS} threads (${target.name})`, a: describe(small), b: describe(large),
      ratio: large.peakRssBytes! / small.peakRssBytes!, target: `growth < ${fmtPct(TARGET_GROWTH)}`, holds: growth < TARGET_GROWTH,
      note: `growth ${fmtPct(growth)}`,
    }
    return { rows: [row], data: { target: target.name, threads: THREADS, runs, growth } }
  } finally {
    await target.close()
  }
}
