/**
 * `npm run bench`: every comparison side by side in one run, one table at the
 * end, and bench/results/latest.json. `npm run bench -- --help` for options.
 */
import { parseArgs } from 'node:util'
import { renderTable, writeResults, machine, type SectionResult } from './lib/report.ts'
import type { BenchOptions } from './lib/options.ts'
import { SECTIONS } from './sections/index.ts'
import { disableTools } from './lib/tools.ts'

const HELP = `npm run bench [-- options]

  --only a,b        run only these sections: ${Object.keys(SECTIONS).join(', ')}
  --rounds N        rounds per side-by-side comparison, median reported (default 3)
  --duration S      seconds per load run (default 5)
  --connections N   connections for the handler and generator comparisons (default 50)
  --quick           1 round of 2 s: a smoke run while developing, not for publishing
  --out FILE        results JSON (default bench/results/latest.json)
  --without a,b     act as if these tools were missing (wrk, nginx), to see the fallbacks
`

function parse(): { options: BenchOptions; only: string[]; out: string } {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      without: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(HELP)
    process.exit(0)
  }
  if (values.without) disableTools(values.without.split(',').map((s) => s.trim()))
  const quick = values.quick ?? false
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(SECTIONS)
  const unknown = only.filter((s) => !(s in SECTIONS))
  if (unknown.length) {
    console.error(`unknown section(s): ${unknown.join(', ')}\n\n${HELP}`)
    process.exit(2)
  }
  const options: BenchOptions = {
    quick,
    rounds: Number(values.rounds ?? (quick ? 1 : 3)),
    durationS: Number(values.duration ?? (quick ? 2 : 5)),
    connections: Number(values.connections ?? 50),
  }
  const out = values.out ?? new URL('./results/latest.json', import.meta.url).pathname
  return { options, only, out }
}

async function main(): Promise<void> {
  const { options, only, out } = parse()
  const m = machine()
  console.log(`edgeload bench: ${m.nproc} cores (${m.cpu}), node ${m.node}; sections: ${only.join(', ')}`)
  const results: Record<string, SectionResult> = {}
  const started = performance.now()
  for (const name of only) {
    console.log(`\n== ${name}`)
    const sectionStarted = performance.now()
    try {
      results[name] = await SECTIONS[name]!(options)
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      console.log(`bench: ${name} failed: ${reason}`)
      results[name] = { rows: [{ section: name, case: 'failed', a: reason.slice(0, 120) }], data: { error: reason } }
    }
    console.log(`== ${name} took ${((performance.now() - sectionStarted) / 1000).toFixed(0)} s`)
  }
  const seconds = (performance.now() - started) / 1000
  console.log(`\n${renderTable(Object.values(results).flatMap((r) => r.rows))}`)
  writeResults(out, results, { options, seconds: Math.round(seconds) })
  console.log(`\nmachine: ${m.nproc} cores, ${m.cpu}, ${m.memoryGb} GB, node ${m.node}; ${seconds.toFixed(0)} s in all; results in ${out}`)
}

await main()
