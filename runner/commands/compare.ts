/**
 * `node runner compare A B [C ...]`: runs side by side against the first, with a verdict for
 * throughput, error rate and percentiles (src/report/compare/), `--fail-on` as a CI gate (exit
 * 99), `--json` for scripts.
 */
import type { CAC } from 'cac'
import { resolveRun, RUN_SYNTAX } from '../../src/history/resolve-run.ts'
import { UsageError } from '../../src/load/run-errors.ts'
import { compareRuns, DEFAULT_MIN_CHANGE, DEFAULT_SEED, type NamedRun } from '../../src/report/compare/compare-runs.ts'
import { comparisonJson } from '../../src/report/compare/comparison-json.ts'
import { comparisonText } from '../../src/report/compare/comparison-text.ts'
import { FAIL_ON_SYNTAX, judgeFailOn, parseFailOn } from '../../src/report/compare/fail-on.ts'
import { EXIT } from '../exit-codes.ts'
import { checkOutputs, declareOutputs, outputOptions, outputsFor, writeComparisonOutputs } from '../outputs.ts'

interface CompareFlags {
  failOn?: unknown
  json?: unknown
  seed?: unknown
  minChange?: unknown
}

const ROWS = outputsFor('comparison')

export function addCompareCommand(cli: CAC): void {
  const command = cli
    .command('compare <...runs>', 'Compare runs against the first: one column each, the changes, and a verdict (docs/results.md)')
    .usage(`compare <run> <run> [<run> ...] [options]\n\n  Each <run> is ${RUN_SYNTAX}. The first is the baseline.`)
    .option('--fail-on <rules>', `Exit 99 when a run is significantly worse than the first beyond a margin: ${FAIL_ON_SYNTAX}; repeatable`)
    .option('--json', 'Print the comparison as JSON (for CI) instead of the table')
  declareOutputs(command, ROWS, { html: 'Also write the comparison as an HTML page: overlaid latency distributions and timelines' })
    .option('--seed <n>', `Seed of the bootstrap's resampling, for reproducible intervals (default: ${DEFAULT_SEED})`)
    .option('--min-change <percent>', `Smallest relative change that gets a verdict (default: ${DEFAULT_MIN_CHANGE * 100}%)`)
    .example('  $ node runner compare last~1 last')
    .example("  $ node runner compare baseline.json last --fail-on 'p(99)>+10%,rate<-5%'")
    .example('  $ node runner compare 3 7 12 --json')
    .example('  $ node runner compare last~1 last --html compare.html')
    .action((runs: string[], flags: CompareFlags) => compare(runs, flags))
}

function compare(args: string[], flags: CompareFlags): number {
  if (args.length < 2) throw new UsageError(`compare needs at least two runs, got ${args.length}: e.g. node runner compare last~1 last`)
  const rules = parseFailOn(list(flags.failOn, '--fail-on'))
  const seed = flags.seed === undefined ? undefined : wholeNumber(flags.seed, '--seed')
  const minChange = flags.minChange === undefined ? undefined : percent(flags.minChange, '--min-change')
  const outputs = outputOptions(flags as Record<string, unknown>, ROWS)
  checkOutputs(outputs, ROWS)
  const runs: NamedRun[] = args.map((arg) => {
    const loaded = resolveRun(arg)
    return { label: labelOf(arg, loaded.source), loaded }
  })
  const comparison = compareRuns(runs, { seed, minChange })
  comparison.failOn = judgeFailOn(comparison, rules)
  const output = flags.json ? JSON.stringify(comparisonJson(comparison), null, 2) : comparisonText(comparison).join('\n')
  process.stdout.write(output + '\n')
  // With --json, standard output is the JSON alone.
  writeComparisonOutputs(outputs, comparison, (line) => {
    if (!flags.json) process.stdout.write(`${line}\n`)
  })
  return comparison.failOn.some((r) => r.failed) ? EXIT.thresholds : EXIT.ok
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
