/**
 * `npm run compare:local`: the local form of the seed report's EC2-versus-Lambda
 * comparison. Starts the same handler on Node, the local Lambda, Deno, Bun and workerd one after
 * another (each fresh, empty database, 127.0.0.1), runs the same scenario with the
 * same threads and iterations against each, and prints one table, one column per
 * runtime: `node runner compare` of those runs (changes and verdicts against the first), and with
 * --html the same comparison as a page. With --capacity, each runtime's breaking point instead
 * (`node runner capacity` against each), one row a runtime. `npm run compare:local -- --help` for options.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { readLambdaSettings } from '../src/local-lambda/settings.ts'
import { LOCAL_RUNTIMES } from '../src/local-runtimes/runtimes.ts'
import type { RuntimeName } from '../src/local-runtimes/runtimes.ts'
import { comparisonJson } from '../src/report/compare/comparison-json.ts'
import { writeComparisonHtml } from '../src/report/html/write-html.ts'
import { compareColumns } from './compare-local/compare-table.ts'
import type { RuntimeColumn } from './compare-local/compare-table.ts'
import { measureRuntime, runOnFreshRuntime } from './compare-local/measure-runtime.ts'
import { CAPACITY_WRITTEN, capacityArgs, capacityLines, type CapacityLoad } from './compare-local/capacity-table.ts'
import { DEFAULT_SLO } from '../runner/commands/capacity.ts'
import { parseSlo } from '../src/capacity/slo.ts'
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
  --capacity          instead of one fixed load, each runtime's breaking point: node runner
                      capacity against each, one row a runtime (docs/capacity.md)
  --slo OBJECTIVES    with --capacity: the objective every step must hold
                      (default ${DEFAULT_SLO})
  --start-rate N      with --capacity: iterations/s of the first step (default 100)
  --max-rate N        with --capacity: the highest rate tried (default 100000)
`

interface Parsed {
  load: Load
  runtimes: RuntimeName[]
  out?: string
  html?: string
  postgres: boolean
  /** --capacity: each runtime's breaking point instead of one load. */
  capacity?: CapacityLoad
}

function parse(): Parsed {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'peak.ts' },
      threads: { type: 'string' },
      iterations: { type: 'string' },
      runtimes: { type: 'string', default: LOCAL_RUNTIMES.join(',') },
      out: { type: 'string' },
      html: { type: 'string' },
      store: { type: 'string', default: 'embedded' },
      capacity: { type: 'boolean', default: false },
      slo: { type: 'string' },
      'start-rate': { type: 'string' },
      'max-rate': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) exit(0, HELP)
  const runtimes = values.runtimes!.split(',').map((r) => r.trim()) as RuntimeName[]
  const unknown = runtimes.filter((r) => !LOCAL_RUNTIMES.includes(r))
  if (unknown.length) exit(2, `unknown runtime(s): ${unknown.join(', ')}\n\n${HELP}`)
  // A bad LAMBDA_* variable is the user's mistake: said before any runtime runs, not a column quietly left out.
  if (runtimes.includes('lambda')) {
    try {
      readLambdaSettings(process.env)
    } catch (error) {
      exit(2, `${(error as Error).message} (the local Lambda's settings, docs/deploy-lambda.md)`)
    }
  }
  const threads = values.threads === undefined ? undefined : positive('threads', values.threads)
  const iterations = values.iterations === undefined ? undefined : positive('iterations', values.iterations)
  if (values.store !== 'embedded' && values.store !== 'postgres') exit(2, `--store must be postgres or embedded, got ${JSON.stringify(values.store)}\n\n${HELP}`)
  const capacityOnly = (['slo', 'start-rate', 'max-rate'] as const).filter((name) => values[name] !== undefined)
  if (!values.capacity && capacityOnly.length) exit(2, `--${capacityOnly[0]} goes with --capacity\n\n${HELP}`)
  if (values.capacity && (threads !== undefined || iterations !== undefined)) exit(2, `--capacity chooses the load itself: --threads and --iterations do not apply\n\n${HELP}`)
  if (values.capacity && values.html) exit(2, `--html draws a comparison of runs; with --capacity each runtime's search is its own run (node runner capacity --html)\n\n${HELP}`)
  if (values.capacity) {
    try {
      parseSlo(values.slo ?? DEFAULT_SLO)
    } catch (error) {
      exit(2, (error as Error).message)
    }
  }
  const capacity: CapacityLoad | undefined = values.capacity
    ? {
      scenario: values.scenario!,
      slo: values.slo ?? DEFAULT_SLO,
      startRate: values['start-rate'] === undefined ? undefined : positive('start-rate', values['start-rate']),
      maxRate: values['max-rate'] === undefined ? undefined : positive('max-rate', values['max-rate']),
    }
    : undefined
  return { load: { scenario: values.scenario!, threads, iterations }, runtimes, out: values.out, html: values.html, postgres: values.store === 'postgres', capacity }
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
  const { load, runtimes, out, html, postgres, capacity } = parse()
  const shape = capacity
    ? `breaking points within ${capacity.slo}`
    : `${load.threads ?? "the scenario's"} threads, ${load.iterations ?? "the scenario's"} iterations`
  console.log(`compare:local: ${load.scenario}, ${shape}, runtimes one at a time on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}`)
  const pg: ComparePostgres | undefined = postgres ? await comparePostgres() : undefined
  if (pg) console.log(`  store for every runtime: ${pg.where}`)
  const columns: RuntimeColumn[] = []
  for (const runtime of runtimes) {
    const dir = mkdtempSync(join(tmpdir(), `edgeload-compare-${runtime}-`))
    try {
      process.stdout.write(`  ${runtime} ... `)
      const databaseUrl = await pg?.urlFor(runtime)
      const measuring = capacity
        ? runOnFreshRuntime(runtime, capacityArgs(capacity), CAPACITY_WRITTEN, dir, databaseUrl)
        : measureRuntime(runtime, load, dir, databaseUrl)
      const column = await measuring.catch((error: Error): RuntimeColumn => ({ runtime, missing: error.message.split('\n')[0] }))
      const run = column.summary
      console.log(!run ? 'not measured' : run.capacity
        ? `${run.capacity.steps.length} steps, ${Math.round(run.wallMs / 1000)} s: ${run.capacity.capacity === null ? 'no capacity' : `${run.capacity.capacity}/s`}`
        : `${run.overall.requests} requests, ${run.threads} threads, ${run.iterations ?? '-'} iterations, ${Math.round(run.wallMs)} ms`)
      columns.push(column)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  await pg?.close()
  console.log('')
  if (capacity) return finishCapacity(columns, capacity, out)
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

/** --capacity: the breaking points' table; --out writes every runtime's capacity summary. */
function finishCapacity(columns: RuntimeColumn[], capacity: CapacityLoad, out: string | undefined): void {
  for (const line of capacityLines(columns, capacity)) console.log(line)
  if (out) writeFileSync(out, JSON.stringify({ capacity, columns }, null, 2) + '\n')
  if (columns.every((c) => !c.summary)) process.exit(1)
}

await main()
