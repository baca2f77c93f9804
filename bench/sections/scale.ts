import { coreLayout } from '../lib/cpus.ts'
import { startFastTarget } from '../lib/fast-target.ts'
import { runRunner } from '../lib/runner.ts'
import { fmtInt, fmtMb } from '../lib/format.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'

const SCENARIO = new URL('../scenarios/hold.ts', import.meta.url).pathname
const THREADS = 10_000

/**
 * 10,000 threads in one runner process, each with its own connection held for the whole
 * phase, against a target sized to hold them; the runner may open 20,000 files.
 */
export async function scaleSection(opts: BenchOptions): Promise<SectionResult> {
  const target = await startFastTarget(THREADS)
  const durationS = opts.quick ? 5 : 10
  try {
    const r = await runRunner({
      scenario: SCENARIO, target: target.url, threads: THREADS, durationS, core: coreLayout().generator, maxFiles: 20_000,
      extraArgs: ['--timeout', '60s'],
    })
    console.log(`  scale ${fmtInt(THREADS)} threads: ${fmtInt(r.requests)} requests, ${r.errors} errors, peak RSS ${fmtMb(r.peakRssBytes!)}, p99 ${r.p99Ms} ms`)
    const row: Row = {
      section: 'scale', case: `${fmtInt(THREADS)} threads, 1 connection each, ${durationS} s (${target.name})`,
      a: `${fmtInt(r.requests)} requests, ${fmtInt(r.errors)} errors`, b: `peak RSS ${fmtMb(r.peakRssBytes!)}`,
      target: '0 errors', holds: r.errors === 0 && r.requests >= THREADS,
    }
    return { rows: [row], data: { target: target.name, threads: THREADS, durationS, result: r } }
  } finally {
    await target.close()
  }
}
