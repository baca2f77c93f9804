/**
 * `node runner k8s --scenario FILE --parallelism N --target URL [--image IMG]` (docs/distributed.md):
 * prints the manifests that run the scenario as an Indexed Job of N parts (a ConfigMap holding the
 * scenario, the Job) and, as comments and on stderr, the commands that apply it, wait for it and
 * merge its pods' summaries.
 */
import { readFileSync } from 'node:fs'
import type { CAC } from 'cac'
import { imageProblem } from '../../src/distributed/image-reference.ts'
import { defaultName, k8sCommands, k8sManifests, manifestsYaml, nameProblem } from '../../src/distributed/k8s-manifests.ts'
import { bundleScenario } from '../../src/distributed/scenario-bundle.ts'
import { MAX_SEGMENTS } from '../../src/distributed/segment.ts'
import { parseStartAt } from '../../src/distributed/start-at.ts'
import { isHttpUrl } from '../../src/load/http/target.ts'
import { newSeed } from '../../src/load/random.ts'
import { UsageError } from '../../src/load/run-errors.ts'
import { loadScenario } from '../../src/load/scenario-load.ts'
import { EXIT } from '../exit-codes.ts'
import { readOptions, single } from '../options.ts'

/** A ConfigMap holds at most 1 MiB. */
const MAX_SCENARIO_BYTES = 1_000_000
const DEFAULT_IMAGE = 'edgeload-runner:latest'
/** Time to apply the manifests, pull the image and start N pods before the common start. */
const DEFAULT_START = '+2m'
/** Options of a run each part gets as given. */
const RUN_OPTIONS = ['threads', 'iterations', 'duration', 'timeout'] as const

type Raw = Record<string, unknown>

export function addK8sCommand(cli: CAC): void {
  cli
    .command('k8s', 'Print Kubernetes manifests that run a scenario as an Indexed Job of N parts (docs/distributed.md)')
    .usage('k8s --scenario FILE --parallelism N --target URL [--image IMG] [options] > run.yaml\n\n' +
      '  Prints a ConfigMap with the scenario and an Indexed Job whose pod i runs --segment i/N, every pod starting\n' +
      '  its first phase at one --start-at and printing its summary on one line for `node runner merge -`.')
    .option('--scenario <file>', 'Scenario file (put in a ConfigMap; it may import ../src/... as the bundled scenarios do)')
    .option('--parallelism <n>', 'Number of parts (pods), each running 1/n of every phase')
    .option('--target <url>', 'Base URL the pods load (as reachable from inside the cluster)')
    .option('--image <image>', `The runner's image, built from the Dockerfile (default: ${DEFAULT_IMAGE})`)
    .option('--name <name>', 'Name of the Job and the ConfigMap (default: edgeload-<scenario>)')
    .option('--namespace <ns>', 'Namespace of both (default: kubectl\'s current one)')
    .option('--start-at <time>', `When every part begins its first phase: ISO time with its zone, or +Ns from now (default: ${DEFAULT_START}, time to pull and start)`)
    .option('--seed <n>', 'Seed of ctx.random, the same in every part (default: a random one, printed in the manifest)')
    .option('--cpu <quantity>', 'CPU each pod requests and is limited to (default: 1)')
    .option('--memory <quantity>', 'Memory each pod requests and is limited to (default: 512Mi)')
    .option('--threads <n>', 'Passed to every part, as for a run')
    .option('--iterations <n>', 'Passed to every part, as for a run')
    .option('--duration <time>', 'Passed to every part, as for a run')
    .option('--timeout <time>', 'Passed to every part, as for a run')
    .example('  $ node runner k8s --scenario peak.ts --parallelism 4 --target http://steps.default.svc:8080 > edgeload-peak.yaml')
    .action((options: Raw) => printManifests(options))
}

async function printManifests(raw: Raw): Promise<number> {
  const problems: string[] = []
  const text = (name: string) => single(raw, name, problems)
  const scenarioName = text('scenario')
  if (scenarioName === undefined) problems.push('--scenario is required, e.g. --scenario peak.ts')
  const parallelismText = text('parallelism')
  const parallelism = Number(parallelismText)
  if (parallelismText === undefined) problems.push('--parallelism is required: the number of parts (pods), e.g. --parallelism 4')
  else if (!/^\d+$/.test(parallelismText) || parallelism < 1 || parallelism > MAX_SEGMENTS) problems.push(`--parallelism must be a whole number from 1 to ${MAX_SEGMENTS}, got ${JSON.stringify(parallelismText)}`)
  const target = text('target')
  if (target === undefined) problems.push('--target is required: the URL the pods load, as reachable inside the cluster')
  else if (!isHttpUrl(target)) problems.push(`--target must be an http:// or https:// URL, got ${JSON.stringify(target)}`)
  const startText = text('startAt') ?? DEFAULT_START
  const start = parseStartAt(startText)
  if ('problem' in start) problems.push(start.problem)
  // Every pod would start late, and the Job's parts would not line up with one another.
  else if (start.epochMs < Date.now()) problems.push(`--start-at ${startText} is in the past (now is ${new Date().toISOString()}): give a time after the manifests can be applied, e.g. +2m`)
  const image = text('image') ?? DEFAULT_IMAGE
  const imageIssue = imageProblem(image)
  if (imageIssue) problems.push(imageIssue)
  const name = text('name') ?? (scenarioName ? defaultName(scenarioName) : 'edgeload')
  const nameIssue = nameProblem(name)
  if (nameIssue) problems.push(nameIssue)
  const namespace = text('namespace')
  if (namespace !== undefined && nameProblem(namespace)) problems.push(`--namespace ${JSON.stringify(namespace)} is not a valid namespace name`)
  const cpu = quantity(text('cpu') ?? '1', '--cpu', problems)
  const memory = quantity(text('memory') ?? '512Mi', '--memory', problems)
  // The parts' own options are checked as a run checks them.
  const runRaw: Raw = { scenario: scenarioName ?? 'x', seed: text('seed') }
  for (const option of RUN_OPTIONS) runRaw[option] = text(option)
  const run = readOptions(dropUndefined(runRaw), [])
  problems.push(...run.problems)
  if (problems.length) throw new UsageError(problems.length === 1 ? problems[0]! : 'bad command line:', problems.length === 1 ? [] : problems)
  const { file } = await loadScenario(scenarioName!, run.options!.overrides)
  const bundle = await bundleScenario(file, readFileSync(file, 'utf8'))
  if (Buffer.byteLength(bundle.text) > MAX_SCENARIO_BYTES) throw new UsageError(`${file}${bundle.bundled.length ? ' with its imports' : ''} is larger than a ConfigMap may hold (1 MiB)`)
  const startAt = new Date((start as { epochMs: number }).epochMs).toISOString()
  const seed = run.options!.overrides.seed ?? newSeed()
  const runArgs = RUN_OPTIONS.flatMap((option) => (runRaw[option] === undefined ? [] : [`--${option}`, String(runRaw[option])]))
  const manifests = k8sManifests({
    name, namespace, scenarioName: bundle.name, scenarioText: bundle.text, parallelism, target: target!, image,
    startAt, seed, cpu, memory, runArgs,
  })
  const commands = k8sCommands(name, parallelism, namespace)
  process.stdout.write(manifestsYaml(manifests, [
    `edgeload: ${file} as ${parallelism} parts against ${target}, every part starting at ${startAt} (seed ${seed}).`,
    ...(bundle.bundled.length ? [`The ConfigMap holds ${bundle.name}: the scenario bundled with ${bundle.bundled.join(', ')}.`] : []),
    'Apply it before then (a late part starts at once and says how late it is). Then:',
    ...commands.map((command) => `  ${command}`),
  ]))
  process.stderr.write(`Start at ${startAt}: apply the manifests before then, e.g.\n${commands.map((c) => `  ${c}\n`).join('')}`)
  return EXIT.ok
}

/** A Kubernetes quantity as `resources` takes it: 500m, 1, 1.5, 512Mi, 1G. */
function quantity(value: string, flag: string, problems: string[]): string {
  if (!/^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.test(value)) problems.push(`${flag} must be a Kubernetes quantity such as 500m, 2, 512Mi or 1Gi, got ${JSON.stringify(value)}`)
  return value
}

function dropUndefined(raw: Raw): Raw {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined))
}
