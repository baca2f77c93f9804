/**
 * `node runner k8s` (docs/distributed.md): the manifests for N = 4 validate against the
 * Kubernetes API schemas (kubernetes-models), a broken one does not, kubectl's own YAML reader
 * reads the printed file, and the Job's container command, run here as its pods would run it
 * (JOB_COMPLETION_INDEX 0 and 1, against a local server), produces logs `merge -` turns into the
 * whole run.
 */
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { spawn, spawnSync } from 'node:child_process'
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigMap, Service } from 'kubernetes-models/v1'
import { Job } from 'kubernetes-models/batch/v1'
import { defaultName, k8sManifests } from '../src/distributed/k8s-manifests.ts'
import { freePort } from '../bench/lib/ports.ts'
import { httpServer } from './helpers/load-servers.ts'
import { REPO, runRunner, testHistoryHome } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('distributed-k8s', { deadline: 300 })

type Manifest = Record<string, any>

/** The printed YAML's documents: comment lines, then `---` and one JSON object each. */
function documents(yaml: string): Manifest[] {
  const [head, ...docs] = yaml.split(/^---$/m)
  assert.ok(head!.trim().split('\n').every((line) => line.startsWith('#')), 'only comments before the first document')
  return docs.map((doc) => JSON.parse(doc) as Manifest)
}

async function printed(args: string[]): Promise<{ yaml: string; stderr: string; manifests: Manifest[] }> {
  const { code, stdout, stderr } = await runRunner(['k8s', ...args])
  assert.is(code, 0, stderr)
  return { yaml: stdout, stderr, manifests: documents(stdout) }
}

function validationError(make: () => { validate(): void }): string | undefined {
  try {
    make().validate()
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}

test('k8s --parallelism 4: a ConfigMap and an Indexed Job that validate against the Kubernetes schemas', async () => {
  const { manifests, yaml, stderr } = await printed(['--scenario', 'peak.ts', '--parallelism', '4', '--target', 'http://steps.default.svc:8080',
    '--image', 'registry.example/edgeload-runner:1', '--start-at', '2030-01-02T03:04:05Z', '--seed', '42', '--threads', '40'])
  const [configMap, service, job] = manifests as [Manifest, Manifest, Manifest]
  assert.is(manifests.length, 3)
  assert.is(validationError(() => new ConfigMap(configMap as any)), undefined)
  assert.is(validationError(() => new Service(service as any)), undefined)
  assert.is(validationError(() => new Job(job as any)), undefined)
  // The headless Service through which the parts reach pod 0's phase barrier.
  assert.equal([service.spec.clusterIP, service.spec.publishNotReadyAddresses, service.spec.ports[0].port], ['None', true, 7878])
  assert.equal(service.spec.selector, job.spec.template.metadata.labels)
  assert.is(job.spec.template.spec.subdomain, service.metadata.name)
  assert.is(configMap.kind, 'ConfigMap')
  assert.match(configMap.data['peak.ts'], /name: 'peak'/)
  const spec = job.spec
  assert.equal([spec.completionMode, spec.completions, spec.parallelism, spec.backoffLimit], ['Indexed', 4, 4, 0])
  const pod = spec.template.spec
  assert.is(pod.restartPolicy, 'Never')
  const container = pod.containers[0]
  assert.is(container.image, 'registry.example/edgeload-runner:1')
  assert.equal(container.resources.requests, { cpu: '1', memory: '512Mi' })
  assert.equal(container.resources.limits, container.resources.requests)
  assert.match(container.command[2], /--segment "\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)\/4"/)
  assert.equal(container.args, ['--scenario', '/app/scenarios/peak.ts', '--target', 'http://steps.default.svc:8080', '--start-at', '2030-01-02T03:04:05.000Z',
    '--seed', '42', '--threads', '40', '--out', '-', '--quiet', '--no-save'])
  const mount = container.volumeMounts.find((m: Manifest) => m.name === 'scenario')
  assert.equal([mount.mountPath, mount.subPath], ['/app/scenarios/peak.ts', 'peak.ts'])
  assert.is(pod.volumes.find((v: Manifest) => v.name === 'scenario').configMap.name, configMap.metadata.name)
  assert.is(job.metadata.name, 'edgeload-peak')
  for (const text of [yaml, stderr]) {
    assert.match(text, /kubectl apply -f edgeload-peak\.yaml/)
    assert.match(text, /kubectl wait --for=condition=complete --timeout=30m job\/edgeload-peak/)
    assert.match(text, /kubectl logs -l job-name=edgeload-peak --tail=-1 --max-log-requests=5 \| node runner merge -/)
  }
})

test('the schema check can fail: a broken Job or ConfigMap does not validate', () => {
  const good = k8sManifests({
    name: 'edgeload-x', scenarioName: 'x.ts', scenarioText: 'export default {}', parallelism: 4, target: 'http://t:1', image: 'i',
    startAt: '2030-01-01T00:00:00.000Z', seed: 1, cpu: '1', memory: '512Mi', runArgs: [],
  }) as Manifest[]
  assert.is(validationError(() => new Job(good[2] as any)), undefined)
  const broken = structuredClone(good)
  broken[2].spec.completions = '4'
  broken[2].spec.template.spec.containers[0].resources.requests.cpu = 'one core'
  const message = validationError(() => new Job(broken[2] as any))
  assert.match(message ?? '', /completions must be integer/)
  assert.match(message ?? '', /cpu must match format "quantity"/)
  broken[0].data['x.ts'] = 42
  assert.match(validationError(() => new ConfigMap(broken[0] as any)) ?? '', /must be string/)
})

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' })
const noKubectl = kubectl.status === 0 ? undefined : 'kubectl is not installed here'

test.needs(noKubectl, 'kubectl reads the printed file (its own YAML reader, offline through kustomize)', async () => {
  const dir = tempDir()
  try {
    const { yaml } = await printed(['--scenario', 'steps.ts', '--parallelism', '4', '--target', 'http://t:8080'])
    writeFileSync(dir.file('run.yaml'), yaml)
    writeFileSync(dir.file('kustomization.yaml'), 'resources:\n- run.yaml\n')
    const out = spawnSync('kubectl', ['kustomize', dir.path], { encoding: 'utf8' })
    assert.is(out.status, 0, out.stderr)
    assert.match(out.stdout, /^kind: ConfigMap$/m)
    assert.match(out.stdout, /^kind: Job$/m)
    assert.match(out.stdout, /^kind: Service$/m)
    assert.match(out.stdout, /completionMode: Indexed/)
    // The scenario's text comes through whole, as the ConfigMap's block scalar.
    assert.match(out.stdout, /steps\.ts: \|\n {4}\/\*\*\n {5}\* steps: the course's later workload/)
  } finally {
    dir.remove()
  }
})

test("the Job's pods, run here as Kubernetes would run them (N = 2): their logs merge into the whole run", async () => {
  const server = await httpServer()
  const dir = tempDir()
  try {
    const { manifests } = await printed(['--scenario', 'peak.ts', '--parallelism', '2', '--target', server.url, '--start-at', '+4s', '--iterations', '10'])
    const container = manifests[2]!.spec.template.spec.containers[0]
    // The image's layout (/app) is this checkout; the ConfigMap's file is mounted where the args name it.
    const script = (container.command[2] as string).replaceAll('/app/runner', join(REPO, 'runner'))
    const args = (container.args as string[]).map((arg) => arg.replace('/app/scenarios/peak.ts', dir.file('scenarios/peak.ts')))
    mkdirSync(dir.file('scenarios'))
    writeFileSync(dir.file('scenarios/peak.ts'), manifests[0]!.data['peak.ts'])
    // Pod 0 hosts the phase barrier; the others reach it through the headless Service's name, here 127.0.0.1.
    const coordinator = (container.env as { name: string; value: string }[]).find((e) => e.name === 'EDGELOAD_COORDINATOR')!.value
    assert.is(coordinator, `${manifests[2]!.metadata.name}-0.${manifests[1]!.metadata.name}:7878`)
    const port = await freePort()
    const pods = await Promise.all([0, 1].map((index) => shell(container.command[0], [container.command[1], script, ...container.command.slice(3), ...args], {
      JOB_COMPLETION_INDEX: String(index), EDGELOAD_HOME: dir.file('home'), EDGELOAD_COORDINATOR: `127.0.0.1:${port}`,
    })))
    for (const pod of pods) assert.is(pod.code, 0, pod.stderr)
    for (const pod of pods) assert.is(pod.stdout.split('\n').filter((line) => line.startsWith('EDGELOAD_SUMMARY {')).length, 1)
    const logs = dir.file('logs.txt')
    writeFileSync(logs, pods.map((pod) => pod.stdout).join(''))
    const merged = await shell(process.execPath, [join(REPO, 'runner'), 'merge', '-'], {}, logs)
    assert.is(merged.code, 0, merged.stderr)
    // 37 threads x 10 iterations x 2 requests, as one process.
    assert.match(merged.stdout, /^Merged 2 parts of peak/)
    assert.match(merged.stdout, /Total number of requests sent: 740\n/)
  } finally {
    await server.close()
    dir.remove()
  }
})

test("case 6: a scenario's own imports are bundled into the ConfigMap, and the pods run it", async () => {
  const server = await httpServer()
  const source = tempDir()
  const pod = tempDir()
  try {
    writeFileSync(source.file('helper.ts'), "export function pathFor(name: string): string {\n  return `/helped/${name}`\n}\n")
    writeFileSync(source.file('with-helper.ts'), [
      `import type { Scenario } from '${join(REPO, 'src/load/scenario.ts')}'`,
      "import { pathFor } from './helper.ts'",
      "export default { name: 'with-helper', threads: 2, iterations: 3, async iteration(http) { await http.get(pathFor('x'), { responseType: 'none' }) } } satisfies Scenario",
    ].join('\n'))
    const { manifests, yaml } = await printed(['--scenario', source.file('with-helper.ts'), '--parallelism', '2', '--target', server.url, '--start-at', '+4s'])
    assert.match(yaml, /^# The ConfigMap holds with-helper\.mjs: the scenario bundled with helper\.ts\.$/m)
    assert.equal(Object.keys(manifests[0]!.data), ['with-helper.mjs'])
    const container = manifests[2]!.spec.template.spec.containers[0]
    assert.is(container.args[1], '/app/scenarios/with-helper.mjs')
    // The pods have the bundle alone in their scenarios folder: no helper.ts beside it.
    mkdirSync(pod.file('scenarios'))
    writeFileSync(pod.file('scenarios/with-helper.mjs'), manifests[0]!.data['with-helper.mjs'])
    const script = (container.command[2] as string).replaceAll('/app/runner', join(REPO, 'runner'))
    const args = (container.args as string[]).map((arg) => arg.replace('/app/scenarios/', pod.file('scenarios/')))
    const pods = await Promise.all([0, 1].map((index) => shell(container.command[0], [container.command[1], script, ...container.command.slice(3), ...args], {
      JOB_COMPLETION_INDEX: String(index), EDGELOAD_HOME: pod.file('home'),
    })))
    for (const p of pods) assert.is(p.code, 0, p.stderr)
    assert.is(server.count, 6, 'two threads x three iterations of GET /helped/x over the two pods')
  } finally {
    await server.close()
    source.remove()
    pod.remove()
  }
})

test('case 6: an import that cannot be bundled, a --start-at in the past, an invalid image: each refused by name (exit 2)', async () => {
  const source = tempDir()
  try {
    writeFileSync(source.file('broken.ts'), "import { nothing } from './missing-helper.ts'\nexport default { iteration() { nothing() } }\n")
    const missing = await runRunner(['k8s', '--scenario', source.file('broken.ts'), '--parallelism', '2', '--target', 'http://t:1'])
    assert.is(missing.code, 2, missing.stderr)
    assert.match(missing.stderr, /missing-helper\.ts/)
    assert.not.match(missing.stderr, /internal error/)
  } finally {
    source.remove()
  }
  const past = await runRunner(['k8s', '--scenario', 'peak.ts', '--parallelism', '2', '--target', 'http://t:1', '--start-at', '2020-01-01T00:00:00Z'])
  assert.is(past.code, 2)
  assert.match(past.stderr, /--start-at 2020-01-01T00:00:00Z is in the past/)
  for (const image of ['Registry.example/Edgeload:1', 'edgeload runner', 'edgeload:', 'registry.example/edgeload@sha256:xyz']) {
    const bad = await runRunner(['k8s', '--scenario', 'peak.ts', '--parallelism', '2', '--target', 'http://t:1', '--image', image])
    assert.is(bad.code, 2, image)
    assert.match(bad.stderr, /is not a valid image reference/, image)
  }
  for (const image of ['localhost:5000/edgeload-runner:1', 'ghcr.io/org/edgeload_runner:v1.2', `edgeload-runner@sha256:${'a'.repeat(64)}`]) {
    const good = await runRunner(['k8s', '--scenario', 'peak.ts', '--parallelism', '2', '--target', 'http://t:1', '--image', image])
    assert.is(good.code, 0, `${image}: ${good.stderr}`)
  }
})

test('k8s refuses a bad command line with one message per problem (exit 2)', async () => {
  const { code, stderr } = await runRunner(['k8s', '--scenario', 'peak.ts', '--parallelism', '0', '--target', 'ftp://x', '--cpu', 'lots', '--name', 'Bad_Name'])
  assert.is(code, 2)
  for (const problem of [/--parallelism must be a whole number from 1/, /--target must be an http/, /--cpu must be a Kubernetes quantity/, /--name "Bad_Name" must be lower-case/]) {
    assert.match(stderr, problem)
  }
  assert.is(defaultName('scenarios/My Test.v2.ts'), 'edgeload-my-test-v2')
})

/** A process with its output (its run history in the test's temp folder); `stdinFile` is piped in. */
function shell(command: string, args: string[], env: Record<string, string>, stdinFile?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO, env: { ...process.env, NODE_OPTIONS: '', EDGELOAD_HOME: testHistoryHome(), ...env }, stdio: [stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    if (stdinFile) createReadStream(stdinFile).pipe(child.stdin!)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

test.run()
