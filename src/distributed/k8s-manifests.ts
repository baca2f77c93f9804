/**
 * `node runner k8s` (docs/distributed.md): the manifests that run a scenario as an Indexed Job of
 * N pods, each pod one segment (`JOB_COMPLETION_INDEX` + 1 of N), all starting their first phase
 * at one `--start-at`, each printing its summary on one marked line for `merge -`. Plain objects
 * in the shape of the Kubernetes API (batch/v1 Job, v1 ConfigMap); the test validates them
 * against the API's schemas.
 */
import { basename } from 'node:path'

export interface K8sOptions {
  /** The Job's and ConfigMap's name (a DNS label). */
  name: string
  namespace?: string
  /** The scenario file's name and text (mounted from the ConfigMap). */
  scenarioName: string
  scenarioText: string
  parallelism: number
  target: string
  image: string
  /** ISO time every part starts its first phase at. */
  startAt: string
  seed: number
  /** Kubernetes quantities, requested and limited alike (Guaranteed QoS: a load generator should not be throttled unevenly). */
  cpu: string
  memory: string
  /** Run options passed to every part as given (--threads, --iterations, --duration, --timeout). */
  runArgs: string[]
}

/**
 * Pod 0 hosts the parts' phase barrier on this port (phase-barrier.ts); the others reach it as
 * `<name>-0.<name>`: the Indexed Job names its pods' hosts `<job>-<index>`, and the headless
 * Service of the same name (the pods' `subdomain`) gives each one a DNS name.
 */
export const BARRIER_PORT = 7878

/** Where the image keeps edgeload (Dockerfile): the scenario is mounted next to the bundled ones, so `../src/...` imports resolve. */
export const APP_DIR = '/app'
const SCENARIO_DIR = `${APP_DIR}/scenarios`

/**
 * The pod's command: its segment from the index Kubernetes gives it (0-based) and the run's args
 * ("$@", passed unquoted-safe). A part's own threshold failure (99) is not the pod's: thresholds
 * are judged on the merged parts, so the pod succeeds and its log carries the summary.
 */
export function podScript(parallelism: number): string {
  return `node ${APP_DIR}/runner --segment "$((JOB_COMPLETION_INDEX + 1))/${parallelism}" "$@"; code=$?; ` +
    'if [ "$code" -eq 99 ]; then echo "edgeload: this part\'s own thresholds failed; merge judges the whole run" >&2; exit 0; fi; exit "$code"'
}

export function k8sManifests(o: K8sOptions): Record<string, unknown>[] {
  const labels = { 'app.kubernetes.io/name': 'edgeload', 'app.kubernetes.io/instance': o.name }
  const metadata = { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), labels }
  const file = basename(o.scenarioName)
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { [file]: o.scenarioText } }
  const args = [
    '--scenario', `${SCENARIO_DIR}/${file}`, '--target', o.target, '--start-at', o.startAt, '--seed', String(o.seed),
    ...o.runArgs, '--out', '-', '--quiet', '--no-save',
  ]
  const resources = { cpu: o.cpu, memory: o.memory }
  // Headless, and published before the pods are ready: the parts look pod 0 up as soon as they start.
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: labels,
      ports: [{ name: 'barrier', port: BARRIER_PORT, targetPort: BARRIER_PORT, protocol: 'TCP' }],
    },
  }
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata,
    spec: {
      completionMode: 'Indexed',
      completions: o.parallelism,
      parallelism: o.parallelism,
      // A part that failed cannot be run again later: its share would land at the wrong time.
      backoffLimit: 0,
      // ...except a pod evicted or preempted before it ran: its replacement starts late and says so.
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          subdomain: o.name,
          // Parts on different nodes where possible: two on one node share its CPU and network.
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }],
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 },
          containers: [{
            name: 'edgeload',
            image: o.image,
            imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c', podScript(o.parallelism), 'edgeload'],
            args,
            env: [{ name: 'EDGELOAD_COORDINATOR', value: `${o.name}-0.${o.name}:${BARRIER_PORT}` }],
            ports: [{ name: 'barrier', containerPort: BARRIER_PORT, protocol: 'TCP' }],
            resources: { requests: resources, limits: resources },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            volumeMounts: [
              { name: 'scenario', mountPath: `${SCENARIO_DIR}/${file}`, subPath: file, readOnly: true },
              // tsx compiles the TypeScript sources into a cache under the temp folder.
              { name: 'tmp', mountPath: '/tmp' },
            ],
          }],
          volumes: [
            { name: 'scenario', configMap: { name: o.name } },
            { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
          ],
        },
      },
    },
  }
  return [configMap, service, job]
}

/**
 * Multi-document YAML whose documents are JSON (JSON is YAML; kubectl reads either): exact for
 * any string the scenario holds, with no YAML library. `notes` become comment lines.
 */
export function manifestsYaml(manifests: readonly unknown[], notes: readonly string[]): string {
  const comments = notes.map((line) => `# ${line}`.trimEnd()).join('\n')
  return `${comments}\n${manifests.map((m) => `---\n${JSON.stringify(m, null, 2)}\n`).join('')}`
}

/** The three commands that run it and merge it, for the YAML's head and the docs. */
export function k8sCommands(name: string, parallelism: number, namespace?: string): string[] {
  const ns = namespace ? ` -n ${namespace}` : ''
  return [
    `kubectl apply${ns} -f ${name}.yaml`,
    `kubectl wait${ns} --for=condition=complete --timeout=30m job/${name}`,
    // With a selector kubectl keeps the last 10 lines of 5 pods at most: ask for every line of every pod.
    `kubectl logs${ns} -l job-name=${name} --tail=-1 --max-log-requests=${Math.max(5, parallelism)} | node runner merge -`,
  ]
}

/** A DNS label (RFC 1123) Kubernetes accepts as a Job's name, leaving room for the pods' suffixes. */
export const MAX_NAME = 52

export function nameProblem(name: string): string | undefined {
  if (name.length > MAX_NAME) return `--name ${name} is longer than ${MAX_NAME} characters (the pods' names add a suffix to it)`
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return `--name ${JSON.stringify(name)} must be lower-case letters, digits and -, starting and ending with a letter or digit`
  return undefined
}

/** edgeload-<scenario file name>, made a DNS label. */
export function defaultName(scenarioFile: string): string {
  const stem = basename(scenarioFile).replace(/\.(m?ts|m?js)$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  return `edgeload-${stem || 'run'}`.slice(0, MAX_NAME).replace(/-+$/, '')
}
