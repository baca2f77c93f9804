/**
 * `node runner compare A B [C ...]`: runs side by side against the first, with a verdict for
 * throughput, error rate and percentiles (src/report/compare/); `compare A1 A2 A3 --vs B1 B2 B3`:
 * two sides of several runs, judged from the runs' spread (replicated.ts); `--fail-on` as a CI
 * gate (exit 99; 98 when a rule cannot be judged, unless --allow-unjudged), `--json` for scripts.
 */
import type { CAC } from 'cac'
import { resolveRun, RUN_SYNTAX } from '../../src/history/resolve-run.ts'
import { UsageError } from '../../src/load/run-errors.ts'
import { compareRuns, DEFAULT_MIN_CHANGE, DEFAULT_SEED, type NamedRun } from '../../src/report/compare/compare-runs.ts'
import { compareSides } from '../../src/report/compare/replicated.ts'
import { comparisonJson } from '../../src/report/compare/comparison-json.ts'
import { comparisonText } from '../../src/report/compare/comparison-text.ts'
import { FAIL_ON_SYNTAX, judgeFailOn, parseFailOn } from '../../src/report/compare/fail-on.ts'
import { EXIT } from '../exit-codes.ts'
import { outputsFor } from '../../src/outputs/output-table.ts'
import { checkOutputs, declareOutputs, outputOptions, writeComparisonOutputs } from '../outputs.ts'

interface CompareFlags {
  failOn?: unknown
  json?: unknown
  seed?: unknown
  minChange?: unknown
  vs?: unknown
  allowUnjudged?: unknown
}

const ROWS = outputsFor('comparison')

export function addCompareCommand(cli: CAC): void {
  const command = cli
    .command('compare <...runs>', 'Compare runs against the first: one column each, the changes, and a verdict (docs/results.md)')
    .usage(`compare <run> <run> [<run> ...] [options]\n  compare <run> [<run> ...] --vs <run> [<run> ...] [options]\n\n  Each <run> is ${RUN_SYNTAX}. The first is the baseline;\n  with --vs, the runs before it are the baseline side, judged from the spread between runs.`)
    .option('--vs <runs>', 'The runs after it are the other side: compare A1 A2 A3 --vs B1 B2 B3 (several runs a side: verdicts from the variation between runs)')
    .option('--fail-on <rules>', `Exit 99 when a run is significantly worse than the first beyond a margin: ${FAIL_ON_SYNTAX}; repeatable. A rule that cannot be judged exits 98`)
    .option('--allow-unjudged', 'With --fail-on: a rule that cannot be judged (one run a side, too short, too few requests) does not fail the gate; its line still says why')
    .option('--json', 'Print the comparison as JSON (for CI) instead of the table')
  declareOutputs(command, ROWS, { html: 'Also write the comparison as an HTML page: overlaid latency distributions and timelines' })
    .option('--seed <n>', `Seed of the bootstrap's resampling, for reproducible intervals (default: ${DEFAULT_SEED})`)
    .option('--min-change <percent>', `Smallest relative change that gets a verdict (default: ${DEFAULT_MIN_CHANGE * 100}%)`)
    .example('  $ node runner compare last~1 last')
    .example("  $ node runner compare base-1.json base-2.json base-3.json --vs last~2 last~1 last --fail-on 'p(99)>+10%,rate<-5%'")
    .example('  $ node runner compare 3 7 12 --json')
    .example('  $ node runner compare last~1 last --html compare.html')
    .action((runs: string[], flags: CompareFlags) => compare(runs, flags, cli.rawArgs, valuedOptions(command)))
}

/** The command's options that take a value (`--fail-on <rules>`): what follows them on the command line is not a run. */
function valuedOptions(command: { options: { rawName: string }[] }): Set<string> {
  return new Set(command.options.filter((o) => /[<[]/.test(o.rawName)).flatMap((o) => o.rawName.split(/[\s,]+/).filter((word) => word.startsWith('--'))))
}

function compare(args: string[], flags: CompareFlags, rawArgs: readonly string[], valued: ReadonlySet<string>): number {
  const vs = list(flags.vs, '--vs')
  const before = vs.length ? runsBeforeVs(rawArgs, valued) : args.length
  if (vs.length && before === 0) throw new UsageError('compare: give the baseline side\'s runs before --vs, e.g. node runner compare A1 A2 A3 --vs B1 B2 B3')
  if (args.length + vs.length < 2) throw new UsageError(`compare needs at least two runs, got ${args.length}: e.g. node runner compare last~1 last`)
  const rules = parseFailOn(list(flags.failOn, '--fail-on'))
  const seed = flags.seed === undefined ? undefined : wholeNumber(flags.seed, '--seed')
  const minChange = flags.minChange === undefined ? undefined : percent(flags.minChange, '--min-change')
  const outputs = outputOptions(flags as Record<string, unknown>, ROWS)
  checkOutputs(outputs, ROWS)
  const named = (arg: string): NamedRun => {
    const loaded = resolveRun(arg)
    return { label: labelOf(arg, loaded.source), loaded }
  }
  const a = args.slice(0, before).map(named)
  const b = [...vs, ...args.slice(before)].map(named)
  const comparison = vs.length && (a.length > 1 || b.length > 1)
    ? compareSides({ label: 'A', runs: a }, { label: 'B', runs: b }, { minChange })
    : compareRuns([...a, ...b], { seed, minChange })
  comparison.failOn = judgeFailOn(comparison, rules)
  const output = flags.json ? JSON.stringify(comparisonJson(comparison), null, 2) : comparisonText(comparison).join('\n')
  process.stdout.write(output + '\n')
  // With --json, standard output is the JSON alone.
  writeComparisonOutputs(outputs, comparison, (line) => {
    if (!flags.json) process.stdout.write(`${line}\n`)
  })
  if (comparison.failOn.some((r) => r.failed)) return EXIT.thresholds
  return comparison.failOn.some((r) => r.unjudged) && !flags.allowUnjudged ? EXIT.unjudged : EXIT.ok
}

/** How many runs the command line names before `--vs` (cac hands them over with those after it). */
function runsBeforeVs(rawArgs: readonly string[], valued: ReadonlySet<string>): number {
  let runs = 0
  const start = rawArgs.indexOf('compare') + 1
  for (let i = start; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!
    if (arg === '--vs' || arg.startsWith('--vs=')) return runs
    if (valued.has(arg)) i++
    else if (!arg.startsWith('--')) runs++
  }
  return runs
}

/** `#12`, `#12 (last)`, or the file as given. */
function labelOf(arg: string, source: string): string {
  const id = /^run (\d+)$/.exec(source)?.[1]
  if (!id) return arg
  return arg === id ? `#${id}` : `#${id} (${arg})`
}

function list(value: unknown, flag: string): string[] {
  if (value === undefined) return []
  const values = Array.isArray(value) ? value : [value]
  for (const v of values) if (typeof v !== 'string' && typeof v !== 'number') throw new UsageError(`${flag} needs a value`)
  return values.map(String)
}

function wholeNumber(value: unknown, flag: string): number {
  const n = Number(value)
  if (typeof value !== 'boolean' && Number.isSafeInteger(n) && n >= 0) return n
  throw new UsageError(`${flag} must be a whole number >= 0, got ${JSON.stringify(value)}`)
}

function percent(value: unknown, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(String(value).trim())
  if (typeof value === 'boolean' || !match) throw new UsageError(`${flag} must be a percentage such as 5%, got ${JSON.stringify(value)}`)
  return Number(match[1]) / 100
}
