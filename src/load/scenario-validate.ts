/**
 * Checks a scenario object and lists EVERY problem at once, each naming where it is
 * (`phases[2] "Peak": threads ...`), so an author fixes a file in one pass.
 */
import { DURATION_HINT, parseDuration } from './duration.ts'
import { defaultPhaseKind, phaseKind, type RunOverrides } from './phase-plan.ts'
import type { PhaseKind } from './scenario.ts'
import { parseThresholds } from './thresholds.ts'
import { isHttpUrl } from './http/target.ts'

const SCENARIO_KEYS = new Set([
  'name', 'target', 'threads', 'iterations', 'duration', 'timeout', 'seed', 'headers',
  'phases', 'thresholds', 'setup', 'teardown', 'iteration', 'description',
])
const PHASE_KEYS: Record<PhaseKind, Set<string>> = {
  iterations: new Set(['name', 'kind', 'threads', 'startNext', 'iterations']),
  duration: new Set(['name', 'kind', 'threads', 'startNext', 'duration']),
  rate: new Set(['name', 'kind', 'threads', 'startNext', 'rate', 'duration', 'maxThreads', 'preAllocatedThreads']),
}
const KINDS = new Set<string>(['iterations', 'duration', 'rate'])

type Record_ = Record<string, unknown>

export function validateScenario(value: unknown, overrides: RunOverrides = {}): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`the default export must be a scenario object, got ${describe(value)}`]
  }
  const scenario = value as Record_
  const problems: string[] = []
  checkTopLevel(scenario, problems)
  checkPhases(scenario, overrides, problems)
  checkThresholds(scenario.thresholds, problems)
  return problems
}

function checkTopLevel(s: Record_, problems: string[]): void {
  for (const key of Object.keys(s)) if (!SCENARIO_KEYS.has(key)) problems.push(`unknown field "${key}"`)
  if (typeof s.iteration !== 'function') problems.push(`iteration must be a function (http, ctx) => ..., got ${describe(s.iteration)}`)
  for (const hook of ['setup', 'teardown']) {
    if (s[hook] !== undefined && typeof s[hook] !== 'function') problems.push(`${hook} must be a function, got ${describe(s[hook])}`)
  }
  if (s.name !== undefined && typeof s.name !== 'string') problems.push(`name must be a string, got ${describe(s.name)}`)
  if (s.threads !== undefined && !isPositiveInteger(s.threads)) problems.push(`threads must be a whole number >= 1, got ${describe(s.threads)}`)
  if (s.iterations !== undefined && !isCount(s.iterations)) problems.push(`iterations must be a whole number >= 0, got ${describe(s.iterations)}`)
  if (s.seed !== undefined && !Number.isInteger(s.seed)) problems.push(`seed must be a whole number, got ${describe(s.seed)}`)
  for (const key of ['duration', 'timeout']) {
    if (s[key] !== undefined && parseDuration(s[key]) === undefined) problems.push(`${key} ${describe(s[key])} is not a duration: ${DURATION_HINT}`)
  }
  if (s.target !== undefined && !isHttpUrl(s.target)) problems.push(`target must be an http:// or https:// URL, got ${describe(s.target)}`)
  if (s.headers !== undefined && !isStringMap(s.headers)) problems.push('headers must be an object of string values')
}

function checkPhases(s: Record_, overrides: RunOverrides, problems: string[]): void {
  if (s.phases === undefined) return
  if (!Array.isArray(s.phases) || s.phases.length === 0) {
    problems.push(`phases must be a non-empty array, got ${describe(s.phases)}`)
    return
  }
  const defaultKind = defaultPhaseKind(s as never, overrides)
  const names = new Set<string>()
  s.phases.forEach((phase: unknown, index: number) => {
    const label = phaseLabel(phase, index)
    if (typeof phase !== 'object' || phase === null) {
      problems.push(`${label} must be an object, got ${describe(phase)}`)
      return
    }
    const p = phase as Record_
    if (typeof p.name !== 'string' || p.name === '') problems.push(`${label}: name must be a non-empty string`)
    else if (names.has(p.name)) problems.push(`${label}: name "${p.name}" is used by an earlier phase`)
    else names.add(p.name)
    checkPhase(p, phaseKind(p as never, defaultKind), label, problems)
  })
}

function checkPhase(p: Record_, kind: string, label: string, problems: string[]): void {
  if (!KINDS.has(kind)) {
    problems.push(`${label}: unknown phase kind ${describe(kind)} (use 'iterations', 'duration' or 'rate')`)
    return
  }
  for (const key of Object.keys(p)) {
    if (!PHASE_KEYS[kind as PhaseKind].has(key)) problems.push(`${label}: field "${key}" does not belong in a ${kind} phase`)
  }
  if (p.threads !== undefined && !isShare(p.threads)) problems.push(`${label}: threads is a share of the max threads and must be in (0, 1], got ${describe(p.threads)}`)
  if (p.startNext !== undefined && !isShare(p.startNext)) problems.push(`${label}: startNext must be in (0, 1], got ${describe(p.startNext)}`)
  if (p.iterations !== undefined && !isCount(p.iterations)) problems.push(`${label}: iterations must be a whole number >= 0, got ${describe(p.iterations)}`)
  if (kind !== 'iterations') checkTimedPhase(p, kind, label, problems)
}

function checkTimedPhase(p: Record_, kind: string, label: string, problems: string[]): void {
  if (p.duration !== undefined && parseDuration(p.duration) === undefined) {
    problems.push(`${label}: duration ${describe(p.duration)} is not a duration: ${DURATION_HINT}`)
  }
  if (kind !== 'rate') return
  if (p.duration === undefined) problems.push(`${label}: a rate phase needs a duration`)
  if (typeof p.rate !== 'number' || !(p.rate > 0) || !Number.isFinite(p.rate)) problems.push(`${label}: rate must be a number of iterations per second > 0, got ${describe(p.rate)}`)
  for (const key of ['maxThreads', 'preAllocatedThreads']) {
    if (p[key] !== undefined && !isPositiveInteger(p[key])) problems.push(`${label}: ${key} must be a whole number >= 1, got ${describe(p[key])}`)
  }
  if (isPositiveInteger(p.maxThreads) && isPositiveInteger(p.preAllocatedThreads) && (p.preAllocatedThreads as number) > (p.maxThreads as number)) {
    problems.push(`${label}: preAllocatedThreads (${p.preAllocatedThreads}) is more than maxThreads (${p.maxThreads})`)
  }
}

function checkThresholds(thresholds: unknown, problems: string[]): void {
  if (thresholds === undefined) return
  if (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds)) {
    problems.push(`thresholds must be an object like { http_req_duration: ['p(95)<200'] }, got ${describe(thresholds)}`)
    return
  }
  problems.push(...parseThresholds(thresholds).errors)
}

function phaseLabel(phase: unknown, index: number): string {
  const name = (phase as { name?: unknown } | null)?.name
  return typeof name === 'string' && name !== '' ? `phases[${index}] "${name}"` : `phases[${index}]`
}

const isPositiveInteger = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1
const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0
const isShare = (v: unknown): boolean => typeof v === 'number' && v > 0 && v <= 1

function isStringMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')
}

/** A value as a message shows it: short, typed, never a whole object dump. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}
