import { coreLayout } from '../lib/cpus.ts'
import { startFastTarget } from '../lib/fast-target.ts'
import { runAutocannon } from '../lib/autocannon.ts'
import { runWrk } from '../lib/wrk.ts'
import { runRunner } from '../lib/runner.ts'
import { runNodeFloor } from '../lib/node-floor.ts'
import { floorRows } from '../lib/floor-rows.ts'
import { ensureTool } from '../lib/tools.ts'
import { describeContender, pairedRatio, sideBySide, type Contender } from '../lib/side-by-side.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'

const SCENARIO = new URL('../scenarios/capacity.ts', import.meta.url).pathname
const RAMPING = new URL('../scenarios/capacity-ramping.ts', import.meta.url).pathname
const PATH = '/myresource'

/**
 * How many requests a second each generator can send through the same connections to a
 * target that costs next to nothing: the runner (one thread per connection, a GET per
 * iteration), autocannon and wrk, one core each, alternating rounds.
 */
export async function generatorSection(opts: BenchOptions): Promise<SectionResult> {
  const core = coreLayout().generator
  const target = await startFastTarget()
  const url = target.url + PATH
  const c = opts.connections
  const d = opts.durationS
  const rows: Row[] = []
  try {
    const contenders: Contender[] = [
      { name: 'runner', run: () => runRunner({ scenario: SCENARIO, target: target.url, threads: c, durationS: d, core }) },
      { name: 'autocannon', run: () => runAutocannon({ url, connections: c, durationS: d, core }) },
    ]
    const rampEnv = { BENCH_THREADS: String(c), BENCH_SECONDS: String(d) }
    contenders.push({ name: 'runner ramping', run: () => runRunner({ scenario: RAMPING, target: target.url, threads: c, core, env: rampEnv }) })
    contenders.push({ name: 'node floor', run: () => runNodeFloor({ url, connections: c, durationS: d, protocol: 'h1', core }) })
    const wrk = ensureTool('wrk', 'wrk')
    if (wrk.ok) contenders.push({ name: 'wrk', run: () => runWrk({ binary: wrk.path, url, connections: c, durationS: d, core }) })
    else console.log(`bench: generator: skipping wrk: ${wrk.reason}`)
    const results = await sideBySide(contenders, opts.rounds, 'capacity')
    const [runner, autocannon, ramping, floor, wrkResult] = results
    const caseName = `${c} connections, ${d} s, ${target.name}`
    const vsAutocannon = pairedRatio(runner!, autocannon!)
    rows.push({ section: 'generator', case: `runner vs autocannon (${caseName})`, a: describeContender(runner!), b: describeContender(autocannon!), ratio: vsAutocannon, target: '>= 1.2x', holds: vsAutocannon >= 1.2 })
    const rampRatio = pairedRatio(ramping!, runner!)
    rows.push({
      section: 'generator', case: `ramping-threads 0 -> ${c} in 1 s then held vs constant ${c} threads (${d} s)`,
      a: describeContender(ramping!), b: describeContender(runner!), ratio: rampRatio, target: '>= 0.8x', holds: rampRatio >= 0.8,
    })
    rows.push(...floorRows({ section: 'generator', caseName, runner: runner!, floor: floor!, native: wrkResult, nativeName: 'wrk', target: 0.9, unavailable: `wrk unavailable: ${wrk.ok ? '' : wrk.reason}` }))
    const errors = results.reduce((n, r) => n + r.median.errors, 0)
    if (errors) rows[0]!.note = `${errors} failed requests across the tools`
    return { rows, data: { target: target.name, connections: c, durationS: d, results } }
  } finally {
    await target.close()
  }
}
