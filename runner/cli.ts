/**
 * The cac program behind `node runner` and the `edgeload` bin: options, help, version. It
 * parses and checks the command line, then hands over to runRepeated (runCommand once, or --repeat times).
 */
import { cac, type CAC } from 'cac'
import { RUNNER_VERSION as VERSION } from '../src/report/environment.ts'
import { RunFailure, UsageError } from '../src/load/run-errors.ts'
import { EXIT } from './exit-codes.ts'
import { readOptions } from './options.ts'
import { outputsFor } from '../src/outputs/output-table.ts'
import { declareOutputs } from './outputs.ts'
import { addCapacityCommand } from './commands/capacity.ts'
import { addK8sCommand } from './commands/k8s.ts'
import { addMergeCommand } from './commands/merge.ts'
import { addCompareCommand } from './commands/compare.ts'
import { addConvertCommand } from './commands/convert.ts'
import { addReportCommand } from './commands/report.ts'
import { addRunsCommand } from './commands/runs.ts'
import { runRepeated } from './repeat-runs.ts'

/** Each adds one `cli.command(...)` with its options and an action resolving to the exit code. */
const SUBCOMMANDS: ((cli: CAC) => void)[] = [addRunsCommand, addCompareCommand, addReportCommand, addMergeCommand, addK8sCommand, addCapacityCommand, addConvertCommand]

const EXIT_CODES_HELP = `  0    success: every phase ran and every threshold passed
  1    the run could not be done: target unreachable, setup() or teardown() threw, or no request got any answer
  2    usage or scenario error: bad option, scenario not found, not loadable or not valid
  98   compare --fail-on: a rule could not be judged (one run a side, too short, too few requests); --allow-unjudged lets it pass
  99   a threshold failed, an abortOnFail threshold stopped the run, or compare --fail-on found a regression
  130  interrupted (Ctrl-C): the partial report was printed first`

export function buildProgram() {
  const cli = cac('edgeload')
  // The default command (no subcommand): run a scenario, as `node runner --scenario ...` always did.
  const run = cli
    .command('[scenario]', 'Run a scenario file (the default: no subcommand)')
    .usage('--scenario <file> [options]\n\n  Runs a k6-style scenario file through its phases against a target and prints the standard report.')
    .option('--scenario <file>', 'Scenario file: a path from the working directory, else a file in scenarios/ (.ts, .js, .mts or .mjs; the extension may be left out)')
    .option('--target <url>', 'Base URL to load (http:// or https://, may carry a path such as /prod). Default: the scenario\'s target, else the embedded handler started in-process')
    .option('--threads <n>', 'Max threads (virtual users, one keep-alive connection each); phase shares apply to it. Overrides the scenario\'s threads (phases form)')
    .option('--iterations <n>', 'Iterations per thread in each phase that sets none. Overrides the scenario\'s iterations')
    .option('--duration <time>', 'Run each phase that names no kind for this long instead (500ms, 30s, 2m)')
    .option('--timeout <time>', 'Per-request timeout; a request without an answer by then counts as a timeout error (default: 30s)')
  declareOutputs(run, outputsFor('summary'), {}, true)
    .option('--seed <n>', 'Seed of ctx.random, to replay the same random choices (default: the scenario\'s seed, else random)')
    .option('--env <KEY=VALUE>', 'Add a variable to ctx.env (over the process environment); repeatable')
    .option('--workers <n>', 'Spread the threads over n worker threads (one core each) when one core cannot drive the load; histograms are merged at the end (default: 1)')
    .option('--segment <i/n>', 'Run part i of n (1-based) of every phase, for a run spread over n processes or machines; `node runner merge` adds the parts up (docs/distributed.md)')
    .option('--start-at <time>', 'Begin the first phase at this wall-clock moment: an ISO time with its zone (2026-11-27T18:00:00Z) or +10s; parts of a run share one')
    .option('--no-setup', 'Do not run setup() (its data is --setup-data\'s, else undefined)')
    .option('--no-teardown', 'Do not run teardown()')
    .option('--setup-data <file.json>', 'Use this JSON as what setup() returned instead of running it (written by --setup-data-out)')
    .option('--setup-data-out <file.json>', 'Run setup() alone, write what it returned as JSON to the file, and exit')
    .option('--insecure', 'Accept any TLS certificate (self-signed, expired, another host\'s): the scenario\'s insecureSkipTLSVerify')
    .option('--quiet', 'Print only the final report (no live lines, no progress line)')
    .option('--no-progress', 'No live progress line (it is shown only when stdout is a terminal anyway)')
    .option('--repeat <n>', 'Run the scenario n times one after another, each saved as its own run, to compare as a side: compare A1 A2 A3 --vs last~2 last~1 last (docs/results.md)')
    .option('--dashboard [port]', 'Serve a live dashboard of the run on http://127.0.0.1:PORT/ (default 5665, k6\'s; 0: any free port): requests, errors, latency and threads per second, phases, thresholds; at the end the --html report (docs/outputs.md)')
    .option('--no-save', 'Do not keep this run in the history (.edgeload/history.db, or $EDGELOAD_HOME)')
    .example('  $ node runner --scenario peak.ts                      # 7,400 requests against the embedded handler')
    .example('  $ node runner --scenario peak.ts --threads 100        # 37,000 requests')
    .example('  $ node runner --scenario steps.ts --target http://localhost:8080 --out run.json --csv run.csv')
    .example('  $ node runner --scenario peak.ts --html peak.html                 # open peak.html in a browser')
    .example('  $ node runner --scenario steps.ts --dashboard                     # watch it live on http://127.0.0.1:5665/')
    .example('  $ node runner --scenario smoke.ts --target https://abc.execute-api.eu-west-1.amazonaws.com/prod')
    .example('  $ node runner --scenario my-test.ts --duration 30s --threads 50 --seed 42 --env USERS=1000')
    .example('  $ node runner --scenario peak.ts --threads 2000 --workers 4 --target http://server.example:8080')
  // Subcommands: one file each under runner/commands/, each declaring its options and action.
  for (const add of SUBCOMMANDS) add(cli)
  cli.help((sections) => [...sections.map(tidy), { title: 'Exit codes', body: EXIT_CODES_HELP }])
  cli.version(VERSION)
  return cli
}

/** cac prints `(default: true)` after a negated flag and pads every line: drop both. */
function tidy(section: { title?: string; body: string }): { title?: string; body: string } {
  return { ...section, body: section.body.split('\n').map((line) => line.replace(' (default: true)', '').trimEnd()).join('\n') }
}

/** Parses `argv` (as process.argv) and runs; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const cli = buildProgram()
  let parsed: { args: readonly string[]; options: Record<string, unknown> }
  try {
    parsed = cli.parse(argv.map((arg) => (arg === '-' ? DASH : arg)), { run: false })
  } catch (error) {
    return usageFailure([(error as Error).message])
  }
  restoreDash(parsed)
  if (parsed.options.help || parsed.options.version) return EXIT.ok
  if (cli.matchedCommand && cli.matchedCommand.name !== '') return runSubcommand(cli)
  const { options, problems } = readOptions(parsed.options, parsed.args)
  if (!options) return usageFailure(problems)
  try {
    return await runRepeated(options)
  } catch (error) {
    // Not a usage or run problem but a fault in edgeload itself: keep the stack for the bug report.
    process.stderr.write(`edgeload: internal error: ${error instanceof Error ? error.stack : String(error)}\n`)
    return EXIT.runFailed
  }
}

/** cac's parser drops a lone `-` (standard input or output: `merge -`, `--out -`): it crosses the parse as this. */
const DASH = '\u0000-'

/** In place: cac's action reads these same objects. */
function restoreDash(parsed: { args: readonly string[]; options: Record<string, unknown> }): void {
  const back = (value: unknown): unknown => (value === DASH ? '-' : Array.isArray(value) ? value.map(back) : value)
  const args = parsed.args as string[]
  args.forEach((arg, i) => (args[i] = back(arg) as string))
  for (const key of Object.keys(parsed.options)) parsed.options[key] = back(parsed.options[key])
}

/** A subcommand's action; usage and run problems become one line and their exit code. */
async function runSubcommand(cli: CAC): Promise<number> {
  // cac hands an action only the arguments it declares: `convert a.js b.js` would convert a.js alone.
  const declared = cli.matchedCommand!.args
  if (!declared.some((arg) => arg.variadic) && cli.args.length > declared.length) {
    return usageFailure([`unexpected argument ${JSON.stringify(cli.args[declared.length])}`], cli.matchedCommand!.name)
  }
  try {
    return (await cli.runMatchedCommand()) as number
  } catch (error) {
    if (error instanceof Error && error.name === 'CACError') return usageFailure([error.message], cli.matchedCommand?.name)
    if (error instanceof UsageError || error instanceof RunFailure) {
      process.stderr.write(`edgeload: ${error.message}\n`)
      return error.exitCode
    }
    process.stderr.write(`edgeload: internal error: ${error instanceof Error ? error.stack : String(error)}\n`)
    return EXIT.runFailed
  }
}

function usageFailure(problems: string[], command?: string): number {
  process.stderr.write(`edgeload: ${problems.length === 1 ? problems[0] : 'bad command line:\n' + problems.map((p) => `  - ${p}`).join('\n')}\n`)
  process.stderr.write(`Run \`node runner${command ? ` ${command}` : ''} --help\` for the options.\n`)
  return EXIT.usage
}
