/**
 * `npm run compare:local`: the local form of the seed report's EC2-versus-Lambda
 * comparison. Starts the same handler on Node, Deno, Bun and workerd one after
 * another (each fresh, empty database, 127.0.0.1), runs the same scenario with the
 * same threads and iterations against each, and prints one table, one column per
 * runtime: `node runner compare` of those runs (changes and verdicts against the first), and with
 * --html the same comparison as a page. `npm run compare:local -- --help` for options.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { LOCAL_RUNTIMES } from '../src/local-runtimes/runtimes.ts'
import type { RuntimeName } from '../src/local-runtimes/runtimes.ts'
import { comparisonJson } from '../src/report/compare/comparison-json.ts'
import { writeComparisonHtml } from '../src/report/html/write-html.ts'
import { compareColumns } from './compare-local/compare-table.ts'
import type { RuntimeColumn } from './compare-local/compare-table.ts'
import { measureRuntime } from './compare-local/measure-runtime.ts'
import { comparePostgres } from './compare-local/compare-postgres.ts'
import type { ComparePostgres } from './compare-local/compare-postgres.ts'
import type { Load } from './compare-local/measure-runtime.ts'

const HELP = `npm run compare:local [-- options]

  --scenario FILE     scenario for every runtime (default peak.ts)
  --threads N         max threads (default: the scenario's, 20 for peak.ts)
  --iterations N      iterations per thread per phase (default: the scenario's, 100 for peak.ts)
  --runtimes a,b      subset of ${LOCAL_RUNTIMES.join(',')} (default all)
  --store postgres    every runtime on one PostgreSQL (DATABASE_URL, else an embedded
                      server with a fresh database per runtime; workerd through a local
                      Hyperdrive binding) instead of each runtime's embedded store
  --out FILE          also write every runtime's summary and the comparison as JSON
  --html FILE         also write the comparison as an HTML page (distributions, timelines)
`

function parse(): { load: Load; runtimes: RuntimeName[]; out?: string; html?: string; postgres: boolean } {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'peak.ts' },
      threads: { type: 'string' },
      iterations: { type: 'string' },
      runtimes: { type: 'string', default: LOCAL_RUNTIMES.join(',') },
      out: { type: 'string' },
      html: { type: 'string' },
      store: { type: 'string', default: 'embedded' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) exit(0, HELP)
  const runtimes = values.runtimes!.split(',').map((r) => r.trim()) as RuntimeName[]
  const unknown = runtimes.filter((r) => !LOCAL_RUNTIMES.includes(r))
  if (unknown.length) exit(2, `unknown runtime(s): ${unknown.join(', ')}\n\n${HELP}`)
  const threads = values.threads === undefined ? undefined : positive('threads', values.threads)
  const iterations = values.iterations === undefined ? undefined : positive('iterations', values.iterations)
  if (values.store !== 'embedded' && values.store !== 'postgres') exit(2, `--store must be postgres or embedded, got ${JSON.stringify(values.store)}\n\n${HELP}`)
  return { load: { scenario: values.scenario!, threads, iterations }, runtimes, out: values.out, html: values.html, postgres: values.store === 'postgres' }
}

function positive(name: string, text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) exit(2, `--${name} must be a positive integer, got ${JSON.stringify(text)}`)
  return n
}

function exit(code: number, message: string): never {
  ;(code === 0 ? console.log : console.error)(message)
  process.exit(code)
}

async function main(): Promise<void> {
  const { load, runtimes, out, html, postgres } = parse()
  const shape = `${load.threads ?? "the scenario's"} threads, ${load.iterations ?? "the scenario's"} iterations`
  console.log(`compare:local: ${load.scenario}, ${shape}, runtimes one at a time on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}`)
  const pg: ComparePostgres | undefined = postgres ? await comparePostgres() : undefined
  if (pg) console.log(`  store for every runtime: ${pg.where}`)
  const columns: RuntimeColumn[] = []
  for (const runtime of runtimes) {
    const dir = mkdtempSync(join(tmpdir(), `edgeload-compare-${runtime}-`))
    try {
      process.stdout.write(`  ${runtime} ... `)
      const column = await measureRuntime(runtime, load, dir, await pg?.urlFor(runtime)).catch((error: Error): RuntimeColumn => ({ runtime, missing: error.message.split('\n')[0] }))
      const run = column.summary
      console.log(run ? `${run.overall.requests} requests, ${run.threads} threads, ${run.iterations ?? '-'} iterations, ${Math.round(run.wallMs)} ms` : 'not measured')
      columns.push(column)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  await pg?.close()
  console.log('')
  const { comparison, lines } = compareColumns(columns)
  for (const line of lines) console.log(line)
  const compared = comparison && comparisonJson(comparison)
  if (out) writeFileSync(out, JSON.stringify({ load, columns, comparison: compared }, null, 2) + '\n')
  if (html && comparison) {
    writeComparisonHtml(html, comparison)
    console.log(`Comparison page written to ${html}`)
  }
  if (columns.every((c) => !c.summary)) process.exit(1)
}

await main()
