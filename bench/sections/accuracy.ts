import { coreLayout } from '../lib/cpus.ts'
import { startNodeTarget } from '../lib/fast-target.ts'
import { runRunner } from '../lib/runner.ts'
import { runWrk } from '../lib/wrk.ts'
import { ensureTool } from '../lib/tools.ts'
import { sideBySide } from '../lib/side-by-side.ts'
import { fmtInt, fmtMs } from '../lib/format.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'

const SCENARIO = new URL('../scenarios/capacity.ts', import.meta.url).pathname
const CONNECTIONS = 1000
const DELAY_MS = 20

/**
 * Against a server that answers after a fixed 20 ms, every generator should report 20 ms
 * plus the loopback and its own overhead: the runner's p50/p99 next to wrk's.
 */
export async function accuracySection(opts: BenchOptions): Promise<SectionResult> {
  const wrk = ensureTool('wrk', 'wrk')
  if (!wrk.ok) {
    console.log(`bench: accuracy: skipped: wrk unavailable (${wrk.reason})`)
    return { rows: [{ section: 'accuracy', case: 'runner vs wrk', a: 'skipped', note: `wrk unavailable: ${wrk.reason}` }], data: { skipped: wrk.reason } }
  }
  const target = await startNodeTarget('delayed.ts', [String(DELAY_MS)], `node:http answering after ${DELAY_MS} ms`)
  const core = coreLayout().generator
  const d = opts.durationS
  try {
    const [runner, w] = await sideBySide([
      { name: 'runner', run: () => runRunner({ scenario: SCENARIO, target: target.url, threads: CONNECTIONS, durationS: d, core, maxFiles: 8192 }) },
      { name: 'wrk', run: () => runWrk({ binary: wrk.path, url: `${target.url}/myresource`, connections: CONNECTIONS, durationS: d, core }) },
    ], opts.rounds, 'accuracy')
    const gap = Math.abs(runner!.median.p50Ms - w!.median.p50Ms)
    const row: Row = {
      section: 'accuracy', case: `${fmtInt(CONNECTIONS)} connections, server answers after ${DELAY_MS} ms`,
      a: `runner p50 ${fmtMs(runner!.median.p50Ms)}, p99 ${fmtMs(runner!.median.p99Ms)}, ${fmtInt(runner!.median.rps)} req/s`,
      b: `wrk p50 ${fmtMs(w!.median.p50Ms)}, p99 ${fmtMs(w!.median.p99Ms)}, ${fmtInt(w!.median.rps)} req/s`,
      target: 'p50 within 1 ms', holds: gap <= 1, note: `p50 gap ${fmtMs(gap)}`,
    }
    return { rows: [row], data: { connections: CONNECTIONS, delayMs: DELAY_MS, runner, wrk: w, p50GapMs: gap } }
  } finally {
    await target.close()
  }
}
