import { coreLayout } from '../lib/cpus.ts'
import { startFastTarget } from '../lib/fast-target.ts'
import { runRunner } from '../lib/runner.ts'
import { describeContender as describe, pairedRatio, sideBySide } from '../lib/side-by-side.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'

const SCENARIO = new URL('../scenarios/capacity.ts', import.meta.url).pathname

/**
 * What `--workers 2` brings. On the generator's one core against nginx it can only cost (two
 * event loops share the core); against the embedded handler, which lives in the runner's main
 * thread, it moves the load generation off the handler's thread and onto the second core.
 */
export async function workersSection(opts: BenchOptions): Promise<SectionResult> {
  const c = opts.connections
  const d = opts.durationS
  const rows: Row[] = []
  const data: Record<string, unknown> = {}
  const target = await startFastTarget()
  try {
    const core = coreLayout().generator
    const [one, two] = await sideBySide([
      { name: '--workers 1', run: () => runRunner({ scenario: SCENARIO, target: target.url, threads: c, durationS: d, core }) },
      { name: '--workers 2', run: () => runRunner({ scenario: SCENARIO, target: target.url, threads: c, durationS: d, core, workers: 2 }) },
    ], opts.rounds, 'workers (one core)')
    rows.push({ section: 'workers', case: `--workers 2 / 1, runner on one core vs ${target.name}, ${c} threads`, a: describe(one!), b: describe(two!), ratio: pairedRatio(two!, one!) })
    data.oneCore = { one, two }
  } finally {
    await target.close()
  }
  const [one, two] = await sideBySide([
    { name: '--workers 1', run: () => runRunner({ scenario: SCENARIO, threads: c, durationS: d }) },
    { name: '--workers 2', run: () => runRunner({ scenario: SCENARIO, threads: c, durationS: d, workers: 2 }) },
  ], opts.rounds, 'workers (embedded handler)')
  rows.push({ section: 'workers', case: `--workers 2 / 1, embedded handler (in the runner's process), ${c} threads, all cores`, a: describe(one!), b: describe(two!), ratio: pairedRatio(two!, one!) })
  data.embedded = { one, two }
  return { rows, data }
}
