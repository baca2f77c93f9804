// What a summary file must hold before anything reads it: every field the printed report, the
// HTML pages and `compare` use, with its type. A file that lacks one is "a damaged edgeload
// summary: <where>: <what>" (exit 2), never a TypeError deep in a renderer. /1 files are held to
// the fields /1 always had; what it gained over time is optional there and filled in on reading.

/** A check of one value: undefined when fine, else what is wrong, starting with its path. */
type Check = (value: unknown, path: string) => string | undefined

const at = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key)
const wrong = (path: string, value: unknown, expected: string) => `${path || 'the file'}: ${value === undefined ? 'missing' : `${JSON.stringify(value)?.slice(0, 40)}`}, expected ${expected}`

const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? undefined : wrong(p, v, 'a number'))
const str: Check = (v, p) => (typeof v === 'string' ? undefined : wrong(p, v, 'a string'))
const bool: Check = (v, p) => (typeof v === 'boolean' ? undefined : wrong(p, v, 'true or false'))
const nullable = (check: Check): Check => (v, p) => (v === null ? undefined : check(v, p))
const optional = (check: Check): Check => (v, p) => (v === undefined ? undefined : check(v, p))

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const obj = (fields: Record<string, Check>): Check => (v, p) => {
  if (!isObject(v)) return wrong(p, v, 'an object')
  for (const [key, check] of Object.entries(fields)) {
    const problem = check(v[key], at(p, key))
    if (problem) return problem
  }
  return undefined
}

const list = (check: Check): Check => (v, p) => {
  if (!Array.isArray(v)) return wrong(p, v, 'an array')
  for (const [i, item] of v.entries()) {
    const problem = check(item, at(p, i))
    if (problem) return problem
  }
  return undefined
}

const record = (check: Check): Check => (v, p) => {
  if (!isObject(v)) return wrong(p, v, 'an object')
  for (const [key, item] of Object.entries(v)) {
    const problem = check(item, at(p, key))
    if (problem) return problem
  }
  return undefined
}

const numbers = (...names: string[]): Record<string, Check> => Object.fromEntries(names.map((n) => [n, num]))

const LATENCY = obj(numbers('count', 'mean', 'stddev', 'min', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'))
const TIMINGS = ['serverTime', 'networkTime', 'connecting', 'waiting', 'receiving', 'corrected', 'uncorrected']

/** A slice's fields; `v2` adds the histograms and requires every timing (null when not measured). */
function slice(v2: boolean): Record<string, Check> {
  return {
    ...numbers('requests', 'successful', 'failed', 'failedRate', 'throughput', 'bytesIn', 'bytesOut', 'coldStarts'),
    latency: LATENCY,
    ...Object.fromEntries(TIMINGS.map((t) => [t, v2 ? nullable(LATENCY) : optional(nullable(LATENCY))])),
    // Added within /2: summaries written before it have none.
    initTime: optional(nullable(LATENCY)),
    ...(v2 ? { histograms: obj({ latency: str }) } : {}),
  }
}

const ITERATION_COUNTS = ['iterationErrors', 'droppedIterations', 'droppedShare']

function summaryShape(v2: boolean): Check {
  const counts = (names: string[]) => Object.fromEntries(names.map((n) => [n, v2 ? num : optional(num)]))
  const phase = obj({
    ...slice(v2), name: str, threads: num, startMs: num, endMs: num, durationMs: num, iterations: num,
    scenario: v2 ? str : optional(str), executor: v2 ? nullable(str) : optional(nullable(str)), model: optional(nullable(str)), ...counts(ITERATION_COUNTS),
  })
  const second = v2
    ? obj({ ...numbers('second', 'startMs', 'requests', 'errors', 'vus', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs'), histogram: str })
    : obj({ ...numbers('second', 'requests', 'errors', 'p50Ms', 'p99Ms'), vus: optional(num) })
  const statusClass = obj({ statusClass: str, count: num, latency: LATENCY, ...(v2 ? { histogram: str } : {}) })
  return obj({
    scenario: str, target: str, startedAt: str, wallMs: num, interrupted: bool, threads: num, thresholdsOk: bool,
    seed: v2 ? nullable(num) : optional(nullable(num)),
    stoppedBy: (v2 ? nullable : (c: Check) => optional(nullable(c)))(obj({ threshold: str, atMs: num })),
    form: v2 ? str : optional(str),
    iterations: v2 ? nullable(num) : optional(nullable(num)),
    overall: obj({ ...slice(v2), iterations: num, ...counts(ITERATION_COUNTS), retries: optional(num) }),
    protocols: optional(list(str)),
    phases: list(phase),
    endpoints: list(obj({ ...slice(v2), name: str, method: str })),
    statusClasses: v2 ? list(statusClass) : optional(list(statusClass)),
    errors: list(obj({ kind: str, count: num })),
    checks: v2 ? list(obj({ name: str, ...numbers('passes', 'fails', 'rate') })) : optional(list(obj({ name: str, ...numbers('passes', 'fails', 'rate') }))),
    thresholds: list(obj({ metric: str, expression: str, aggregate: str, actual: nullable(num), ok: bool, abortOnFail: bool })),
    metrics: (v2 ? (c: Check) => c : optional)(record(obj({ type: str, values: record(nullable(num)) }))),
    series: list(second),
    streams: optional(list(obj({ name: str, target: str, written: num, dropped: num, error: nullable(str) }))),
    ...(v2
      ? {
          environment: obj({ machine: obj({ cpus: num, model: str, os: str, arch: str, memoryBytes: num }), node: str, runner: str, target: str }),
          scenarios: list(obj({ ...slice(v2), name: str, phases: list(str), startMs: num, endMs: num })),
        }
      : {}),
  })
}

const V2 = summaryShape(true)
const V1 = summaryShape(false)

/** The first thing wrong with a summary of schema /2 (`v2`) or /1, or undefined when it is whole. */
export function summaryProblem(json: Record<string, unknown>, v2: boolean): string | undefined {
  return (v2 ? V2 : V1)(json, '')
}
