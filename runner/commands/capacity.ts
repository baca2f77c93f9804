/**
 * `node runner capacity --scenario FILE --target URL --slo 'p(99)<200ms,error_rate<1%'`
 * (docs/capacity.md): the highest arrival rate the target sustains within the objective, found
 * in steps of the scenario's iteration at constant rates (src/capacity/). The result is a run's
 * summary with its search added: printed, written by --out/--html, kept in the history.
 */
import type { CAC } from 'cac'
import { runCapacity } from '../../src/capacity/capacity-run.ts'
import { parseSlo, SLO_SYNTAX } from '../../src/capacity/slo.ts'
import type { SearchSettings } from '../../src/capacity/rate-search.ts'
import { saveRun } from '../../src/history/save-run.ts'
import { parseDuration } from '../../src/load/parse-duration.ts'
import { ipv6Hint, isHttpUrl } from '../../src/load/http/target.ts'
import { newSeed } from '../../src/load/random.ts'
import { LiveCounters, RunControl } from '../../src/load/run-control.ts'
import { UsageError } from '../../src/load/run-errors.ts'
import { loadScenario } from '../../src/load/scenario-load.ts'
import { clientStartingLine, phaseCompleteLine, targetLine } from '../../src/report/lines.ts'
import { formatReport } from '../../src/report/standard-report.ts'
import type { CapacityStep, CapacitySummary } from '../../src/report/summary-types.ts'
import { EXIT } from '../exit-codes.ts'
import { catchInterrupt } from '../interrupt.ts'
import { LiveOutput } from '../live-output.ts'
import { durationOption, envOption, single, wholeNumber } from '../options.ts'
import { outputsFor, type OutputTargets } from '../../src/outputs/output-table.ts'
import { checkOutputs, declareOutputs, OUTPUT_KEYS, readOutputs, writeSummaryOutputs } from '../outputs.ts'
import { chooseTarget, ensureReachable, type ChosenTarget } from '../target-choice.ts'

export const DEFAULT_SLO = 'p(99)<200ms,error_rate<1%'
const DEFAULTS: SearchSettings = { startRate: 100, maxRate: 100_000, resolution: 0.1, maxSteps: 12 }
const DEFAULT_TIMEOUT_MS = 30_000

export function addCapacityCommand(cli: CAC): void {
  const command = cli
    .command('capacity', 'Find the highest arrival rate the target sustains within a service-level objective (docs/capacity.md)')
    .usage("capacity --scenario <file> --target <url> --slo 'p(99)<200ms,error_rate<1%' [options]\n\n" +
      '  Runs the scenario\'s iteration at constant arrival rates, each step long enough to be judged, doubling while the\n' +
      '  objective holds, then narrowing between the last rate that held and the first that failed. Reports the knee, or\n' +
      '  that the generator itself saturated (then no capacity). Exit 0 with a capacity, 99 when even the lowest rate\n' +
      '  failed, 1 when the generator saturated or no capacity was found, 130 on Ctrl-C.')
    .option('--scenario <file>', 'Scenario file whose iteration each step runs (its phases, threads and thresholds are not used)')
    .option('--target <url>', 'Base URL to load. Default: the scenario\'s target, else the embedded handler')
    .option('--slo <objectives>', `The objective every step must hold: ${SLO_SYNTAX} (default: ${DEFAULT_SLO})`)
    .option('--start-rate <n>', `Iterations per second of the first step (default: ${DEFAULTS.startRate})`)
    .option('--max-rate <n>', `Highest rate to try; if it holds, the capacity is "at least" it (default: ${DEFAULTS.maxRate})`)
    .option('--resolution <percent>', `Stop once the first failing rate is within this of the last holding one (default: ${DEFAULTS.resolution * 100}%)`)
    .option('--max-steps <n>', `At most this many steps (default: ${DEFAULTS.maxSteps})`)
    .option('--timeout <time>', 'Per-request timeout (default: the scenario\'s, else 30s)')
    .option('--seed <n>', 'Seed of ctx.random (default: the scenario\'s, else random)')
    .option('--env <KEY=VALUE>', 'Add a variable to ctx.env; repeatable')
    .option('--insecure', 'Accept any TLS certificate')
  declareOutputs(command, outputsFor('summary'), {
    out: 'Write the summary (every step a phase, the search under "capacity") as JSON',
    csv: 'Write the per-second series of the whole search as CSV',
    html: 'Write the HTML report, with latency and errors against offered load (the hockey stick)',
  })
    .option('--quiet', 'Print only the final report')
    .option('--no-save', 'Do not keep this run in the history')
    .example("  $ node runner capacity --scenario steps.ts --target http://localhost:8080 --slo 'p(99)<200ms,error_rate<1%'")
    .example("  $ node runner capacity --scenario smoke.ts --target http://localhost:3000 --slo 'p(95)<50ms' --start-rate 500 --html capacity.html")
    .action((flags: Record<string, unknown>) => capacity(flags))
}

interface CapacityOptions {
  scenario: string
  target?: string
  slo: string
  search: SearchSettings
  timeoutMs?: number
  seed?: number
  env: Record<string, string>
  insecure: boolean
  outputs: OutputTargets
  quiet: boolean
  save: boolean
}

async function capacity(flags: Record<string, unknown>): Promise<number> {
  const options = readCapacityOptions(flags)
  const objectives = parseSlo(options.slo)
  const out = new LiveOutput(options.quiet, false)
  const control = new RunControl()
  const releaseInterrupt = catchInterrupt(control, (text) => out.warn(text))
  let target: ChosenTarget | undefined
  try {
    const overrides = options.insecure ? { insecure: true } : {}
    const { scenario, exports } = await loadScenario(options.scenario, overrides)
    checkOutputs(options.outputs)
    out.line(clientStartingLine(new Date()))
    target = await chooseTarget(options.target, scenario.target)
    out.line(targetLine(target.description))
    const timeoutMs = options.timeoutMs ?? parseDuration(scenario.timeout ?? DEFAULT_TIMEOUT_MS)!
    await ensureReachable(target, timeoutMs)
    out.line(`Capacity search: objective ${objectives.map((o) => o.text).join(', ')}; from ${options.search.startRate}/s, up to ${options.search.maxRate}/s, within ${options.search.resolution * 100}%`)
    const seed = options.seed ?? scenario.seed ?? newSeed()
    const run = await runCapacity({
      scenario, exports, slo: options.slo, objectives, search: options.search, target: target.http, targetDescription: target.description,
      timeoutMs, seed, env: { ...process.env, ...options.env }, control, live: new LiveCounters(),
      onNotice: (text) => out.warn(`Warning: ${text}`),
      events: { phaseCompleted: (phase, ms) => out.line(phaseCompleteLine(phase.name, ms)) },
      onStep: (step) => out.line(`  ${stepLine(step)}`),
    })
    out.report(formatReport(run.summary))
    writeSummaryOutputs(options.outputs, run.summary, (text) => out.report(text), (line) => out.line(line))
    if (run.teardownError) out.warn(run.teardownError)
    const code = exitCode(run.summary.capacity, control)
    if (options.save) out.line(saveRun(run.summary, code))
    return code
  } finally {
    releaseInterrupt()
    await target?.close()
  }
}

function stepLine(step: CapacityStep): string {
  const verdict = step.held === null ? `not judged (${step.unjudged})` : step.held ? 'held' : step.generatorSaturated ? 'failed: generator saturated' : 'failed'
  return `${step.rate}/s: ${step.throughput.toFixed(1)} answered/s, p99 ${step.p99Ms.toFixed(1)} ms, errors ${(step.errorRate * 100).toFixed(2)}%: ${verdict}`
}

/** 0 with a capacity; 99 when even the lowest rate failed; 1 when none was found; 130 on Ctrl-C. */
function exitCode(capacity: CapacitySummary, control: RunControl): number {
  if (control.stopReason === 'interrupt') return EXIT.interrupted
  if (capacity.verdict === 'failed at min') return EXIT.thresholds
  return capacity.capacity === null ? EXIT.runFailed : EXIT.ok
}

const KNOWN = new Set(['--', 'scenario', 'target', 'slo', 'startRate', 'maxRate', 'resolution', 'maxSteps', 'timeout', 'seed', 'env', 'insecure',
  ...OUTPUT_KEYS, 'quiet', 'save', 'help', 'h'])

/** Every problem with the command line at once, as one UsageError (exit 2). */
export function readCapacityOptions(raw: Record<string, unknown>): CapacityOptions {
  const problems: string[] = []
  for (const name of Object.keys(raw)) if (!KNOWN.has(name)) problems.push(`unknown option --${name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`)
  const text = (name: string) => single(raw, name, problems)
  const scenario = text('scenario')
  if (scenario === undefined) problems.push('--scenario is required, e.g. --scenario steps.ts')
  const target = text('target')
  if (target !== undefined && !isHttpUrl(target)) problems.push(`--target must be an http:// or https:// URL, got ${JSON.stringify(target)}${ipv6Hint(target)}`)
  const search: SearchSettings = {
    startRate: wholeNumber(text('startRate'), '--start-rate', 1, problems) ?? DEFAULTS.startRate,
    maxRate: wholeNumber(text('maxRate'), '--max-rate', 1, problems) ?? DEFAULTS.maxRate,
    resolution: share(text('resolution'), problems) ?? DEFAULTS.resolution,
    maxSteps: wholeNumber(text('maxSteps'), '--max-steps', 1, problems) ?? DEFAULTS.maxSteps,
  }
  if (search.startRate > search.maxRate) problems.push(`--start-rate ${search.startRate} is above --max-rate ${search.maxRate}`)
  const timeoutMs = durationOption(text('timeout'), '--timeout', problems)
  const seed = wholeNumber(text('seed'), '--seed', 0, problems)
  const env = envOption(raw.env, problems)
  const slo = text('slo') ?? DEFAULT_SLO
  const outputs = readOutputs(raw, outputsFor('summary'), problems)
  if (problems.length) throw new UsageError('bad command line for capacity:', problems)
  return {
    scenario: scenario!, target, slo, search, timeoutMs, seed, env, insecure: raw.insecure === true,
    outputs, quiet: raw.quiet === true, save: raw.save !== false,
  }
}

/** `--resolution 10%` (or 0.1): above 0 and below 100%. */
function share(value: string | undefined, problems: string[]): number | undefined {
  if (value === undefined) return undefined
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value)
  const n = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN
  if (n > 0 && n < 1) return n
  problems.push(`--resolution must be a percentage above 0 and below 100%, e.g. 10%, got ${JSON.stringify(value)}`)
  return undefined
}
