/**
 * Checks a scenario object and lists EVERY problem at once, each naming where it is
 * (`phases[2] "Peak": threads ...`), so an author fixes a file in one pass. Phases and
 * scenarios are checked by their executors (src/load/executors/registry.ts).
 */
import { DURATION_HINT, parseDuration } from './parse-duration.ts'
import { describe, FieldCheck } from './executors/field-check.ts'
import { executorNames } from './executors/registry.ts'
import { customMetricTypes } from './metrics/custom-metrics.ts'
import { parseThresholds } from './metrics/thresholds.ts'
import { K6_FIELDS, PHASE_COMMON, phaseInputs, planDefaults, SCENARIO_COMMON, type PhaseInput, type RunOverrides } from './phase-plan.ts'
import type { Scenario } from './scenario.ts'
import { isHttpUrl } from './http/target.ts'
import { checkClientFields, CLIENT_KEYS } from './http/client-fields.ts'
import { isResponseCallback } from './http/response-callback.ts'

const SCENARIO_KEYS = new Set([
  'name', 'target', 'threads', 'iterations', 'duration', 'timeout', 'seed', 'headers',
  'phases', 'stages', 'scenarios', 'thresholds', 'setup', 'teardown', 'iteration', 'description', 'responseCallback',
  ...CLIENT_KEYS,
])

/** Fields k6 users write that mean something else here: say what to use. */
const HINTS: Record<string, string> = {
  vus: 'use threads (the phases form) or scenarios: { name: { executor, vus, ... } }',
  options: 'put the fields of k6\'s options object (scenarios, stages, thresholds, ...) on the default export itself',
  default: 'the iteration function is the field iteration (or a scenario\'s exec)',
}

type Record_ = Record<string, unknown>

/** `exports`: the module's named exports, where a scenario's `exec: 'name'` is looked up. */
export function validateScenario(value: unknown, overrides: RunOverrides = {}, exports: Record_ = {}): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`the default export must be a scenario object, got ${describe(value)}`]
  }
  const scenario = value as Record_
  const problems: string[] = []
  checkTopLevel(scenario, overrides, problems)
  checkPhases(scenario as Scenario, overrides, exports, problems)
  checkThresholds(scenario.thresholds, problems)
  return problems
}

function checkTopLevel(s: Record_, overrides: RunOverrides, problems: string[]): void {
  for (const key of Object.keys(s)) {
    if (!SCENARIO_KEYS.has(key)) problems.push(`unknown field "${key}"${HINTS[key] ? `: ${HINTS[key]}` : ''}`)
  }
  const forms = ['phases', 'stages', 'scenarios'].filter((key) => s[key] !== undefined)
  if (forms.length > 1) problems.push(`give one of ${forms.join(' or ')}: each says on its own how the load runs`)
  const everyExec = s.scenarios !== undefined && typeof s.scenarios === 'object' && s.scenarios !== null &&
    Object.values(s.scenarios).every((c) => (c as Record_ | null)?.exec !== undefined)
  if (s.iteration === undefined && !everyExec) problems.push(`iteration must be a function (http, ctx) => ..., got nothing`)
  else if (s.iteration !== undefined && typeof s.iteration !== 'function') problems.push(`iteration must be a function (http, ctx) => ..., got ${describe(s.iteration)}`)
  for (const hook of ['setup', 'teardown']) {
    if (s[hook] !== undefined && typeof s[hook] !== 'function') problems.push(`${hook} must be a function, got ${describe(s[hook])}`)
  }
  if (s.responseCallback !== undefined && !isResponseCallback(s.responseCallback)) problems.push(`responseCallback must be expectedStatuses(...) (import { expectedStatuses } from 'edgeload/http') or null, got ${describe(s.responseCallback)}`)
  if (s.name !== undefined && typeof s.name !== 'string') problems.push(`name must be a string, got ${describe(s.name)}`)
  if (s.threads !== undefined && !(Number.isSafeInteger(s.threads) && (s.threads as number) >= 1)) problems.push(`threads must be a whole number >= 1, got ${describe(s.threads)}`)
  if (s.iterations !== undefined && !(Number.isSafeInteger(s.iterations) && (s.iterations as number) >= 0)) problems.push(`iterations must be a whole number >= 0, got ${describe(s.iterations)}`)
  if (s.seed !== undefined && !Number.isInteger(s.seed)) problems.push(`seed must be a whole number, got ${describe(s.seed)}`)
  for (const key of ['duration', 'timeout']) {
    if (s[key] !== undefined && parseDuration(s[key]) === undefined) problems.push(`${key} ${describe(s[key])} is not a duration: ${DURATION_HINT}`)
  }
  if (s.target !== undefined && !isHttpUrl(s.target)) problems.push(`target must be an http:// or https:// URL, got ${describe(s.target)}`)
  if (s.headers !== undefined && !isStringMap(s.headers)) problems.push('headers must be an object of string values')
  checkClientFields(s, problems)
  if (s.scenarios !== undefined) {
    const given = (['threads', 'iterations', 'duration'] as const).filter((key) => overrides[key] !== undefined)
    if (given.length) problems.push(`--${given.join(', --')} appl${given.length > 1 ? 'y' : 'ies'} to the phases form; with scenarios, set vus, iterations or duration in each scenario`)
  }
}

function checkPhases(s: Scenario, overrides: RunOverrides, exports: Record_, problems: string[]): void {
  if (s.phases !== undefined && (!Array.isArray(s.phases) || s.phases.length === 0)) {
    return void problems.push(`phases must be a non-empty array, got ${Array.isArray(s.phases) ? 'an empty one' : describe(s.phases)}`)
  }
  if (s.scenarios !== undefined && (typeof s.scenarios !== 'object' || s.scenarios === null || Array.isArray(s.scenarios) || Object.keys(s.scenarios).length === 0)) {
    return void problems.push(`scenarios must be an object of named scenarios like { browse: { executor: 'constant-vus', vus: 10, duration: '30s' } }, got ${describe(s.scenarios)}`)
  }
  if (s.stages !== undefined && !Array.isArray(s.stages)) return void problems.push(`stages must be an array like [{ duration: '30s', target: 10 }], got ${describe(s.stages)}`)
  const defaults = planDefaults(s, overrides)
  const names = new Set<string>()
  const form = s.scenarios !== undefined ? 'scenarios' : 'phases'
  const list = form === 'phases' ? (s.phases ?? []) as unknown[] : []
  phaseInputs(s, overrides).forEach((input, index) => {
    if (form === 'phases' && s.phases && (typeof list[index] !== 'object' || list[index] === null)) {
      return void problems.push(`${input.label} must be an object, got ${describe(list[index])}`)
    }
    if (form === 'scenarios' && (typeof s.scenarios![input.name] !== 'object' || s.scenarios![input.name] === null)) {
      return void problems.push(`${input.label} must be an object, got ${describe(s.scenarios![input.name])}`)
    }
    if (form === 'phases') {
      if (input.name === '') problems.push(`${input.label}: name must be a non-empty string`)
      else if (names.has(input.name)) problems.push(`${input.label}: name "${input.name}" is used by an earlier phase`)
      names.add(input.name)
    }
    checkPhase(input, form, defaults, exports, s, problems)
  })
}

function checkPhase(input: PhaseInput, form: 'phases' | 'scenarios', defaults: ReturnType<typeof planDefaults>, exports: Record_, s: Scenario, problems: string[]): void {
  const check = new FieldCheck(input.raw, input.label, problems)
  const executor = input.executor
  if (!executor) {
    const field = form === 'scenarios' ? 'executor' : 'kind'
    return check.problem(`${input.kindText === 'undefined' ? `${field} is required` : `unknown ${field} ${describe(input.kindText)}`} (use ${executorNames()})`)
  }
  const common = form === 'phases' ? PHASE_COMMON : SCENARIO_COMMON
  for (const key of Object.keys(input.given)) {
    const ours = K6_FIELDS[key] ?? key
    if (common.includes(ours) || executor.fields.includes(ours)) continue
    const how = input.inferred ? ` (its kind was inferred from its fields; set kind: to choose another)` : ''
    check.problem(`field "${key}" does not belong in ${article(executor.name)} ${executor.name} ${form === 'phases' ? 'phase' : 'scenario'}${how}`)
  }
  for (const [k6, ours] of Object.entries(K6_FIELDS)) {
    if (input.given[k6] !== undefined && input.given[ours] !== undefined) check.problem(`give ${k6} or ${ours}, not both`)
  }
  checkThreadsField(input, form, executor.threadsFrom, check)
  if (form === 'phases') {
    if (input.given.vus !== undefined) check.problem('vus is a number of threads, for scenarios; in a phase, threads is a share of the max threads')
    if (input.threadsShare !== undefined && !isShare(input.threadsShare)) check.problem(`threads is a share of the max threads and must be in (0, 1], got ${describe(input.threadsShare)}`)
    const startNext = input.given.startNext
    if (startNext !== undefined && !isShare(startNext)) check.problem(`startNext must be in (0, 1], got ${describe(startNext)}`)
  } else {
    const field = input.given.vus !== undefined ? 'vus' : 'threads'
    const count = input.given[field]
    if (count !== undefined && !(Number.isSafeInteger(count) && (count as number) >= 1)) check.problem(`${field} must be a whole number >= 1, got ${describe(count)}`)
    const given = input.given
    if (given.startTime !== undefined && parseDuration(given.startTime) === undefined) check.problem(`startTime ${describe(given.startTime)} is not a duration: ${DURATION_HINT}`)
    if (given.exec !== undefined) checkExec(given.exec, exports, check)
    else if (typeof s.iteration !== 'function') check.problem('exec is required: the scenario has no iteration function')
  }
  if (input.given.tags !== undefined && !isStringMap(input.given.tags)) check.problem('tags must be an object of string values')
  executor.validate(input.raw, check, defaults)
}

/** Thread counts an executor would ignore are refused, with what it reads instead. */
function checkThreadsField(input: PhaseInput, form: 'phases' | 'scenarios', from: string, check: FieldCheck): void {
  const given = form === 'phases' ? (input.threadsShare !== undefined ? 'threads' : undefined) : ['vus', 'threads'].find((k) => input.given[k] !== undefined)
  if (!given) return
  if (from === 'stages') check.problem(`${given}: the thread count follows the stages (startThreads/startVUs, then each stage's target)`)
  else if (from === 'maxThreads' && form === 'scenarios') check.problem(`${given}: an arrival-rate scenario sizes its threads with maxVUs and preAllocatedVUs`)
}

function checkExec(exec: unknown, exports: Record_, check: FieldCheck): void {
  if (typeof exec === 'function') return
  if (typeof exec !== 'string') return check.problem(`exec must be a function or the name of an exported function, got ${describe(exec)}`)
  if (typeof exports[exec] !== 'function') {
    const functions = Object.keys(exports).filter((k) => typeof exports[k] === 'function')
    check.problem(`exec "${exec}" is not a function the module exports${functions.length ? ` (it exports ${functions.join(', ')})` : ''}`)
  }
}

function checkThresholds(thresholds: unknown, problems: string[]): void {
  if (thresholds === undefined) return
  if (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds)) {
    problems.push(`thresholds must be an object like { http_req_duration: ['p(95)<200'] }, got ${describe(thresholds)}`)
    return
  }
  problems.push(...parseThresholds(thresholds, customMetricTypes()).errors)
}

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a')
const isShare = (v: unknown): boolean => typeof v === 'number' && v > 0 && v <= 1

function isStringMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')
}
