/**
 * Finds and imports a scenario file, and turns every way that can fail into a UsageError
 * naming the file, the line where known, and what is wrong; never a raw stack trace.
 * TypeScript scenarios need tsx registered (runner/index.js does it).
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { UsageError } from './run-errors.ts'
import type { Scenario } from './scenario.ts'
import { describe } from './executors/field-check.ts'
import { validateScenario } from './scenario-validate.ts'
import type { RunOverrides } from './phase-plan.ts'
import { scenarioFromK6Module } from '../k6/k6-module.ts'
import { EXACT_FILE_MARK, registerK6Modules } from '../k6/register-k6-modules.ts'
import { unsupportedImports } from '../k6/unsupported-imports.ts'

/** The repository's own scenarios/ folder, found from this file so `edgeload` works anywhere. */
export const BUNDLED_SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url))
const EXTENSIONS = ['', '.ts', '.js', '.mts', '.mjs']

export interface LoadedScenario {
  file: string
  scenario: Scenario
  /** The module's named exports (a scenario's `exec: 'name'` names one). */
  exports: Record<string, unknown>
}

/** Resolves, imports and validates; throws UsageError listing every problem. */
export async function loadScenario(name: string, overrides: RunOverrides = {}, cwd = process.cwd()): Promise<LoadedScenario> {
  const file = resolveScenarioFile(name, cwd)
  const { value, exports } = await importScenario(file, cwd)
  const problems = validateScenario(value, overrides, exports)
  if (problems.length) throw new UsageError(`Scenario ${shown(file, cwd)} is not valid:`, problems)
  // Applied here, where every process (worker threads too) loads the scenario from its overrides.
  if (overrides.insecure) (value as Scenario).insecureSkipTLSVerify = true
  return { file, scenario: value as Scenario, exports }
}

export function resolveScenarioFile(name: string, cwd = process.cwd()): string {
  const folders = isAbsolute(name) ? [''] : [cwd, join(cwd, 'scenarios'), BUNDLED_SCENARIOS].map((f) => resolve(f))
  const tried: string[] = []
  for (const folder of unique(folders)) {
    for (const ext of EXTENSIONS) {
      const candidate = resolve(folder, name + ext)
      if (ext === '') tried.push(candidate)
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
    }
  }
  const available = listScenarios(cwd)
  throw new UsageError(
    `Scenario "${name}" not found (looked for ${tried.map((t) => shown(t, cwd)).join(', ')}, also with .ts, .js, .mts, .mjs).\n` +
      (available.length ? `Available scenarios: ${available.join(', ')}` : 'No scenario files found in scenarios/.'),
  )
}

/** Scenario files in ./scenarios and the bundled folder, by file name. */
export function listScenarios(cwd = process.cwd()): string[] {
  const names = new Set<string>()
  for (const folder of unique([join(cwd, 'scenarios'), BUNDLED_SCENARIOS].map((f) => resolve(f)))) {
    if (!existsSync(folder)) continue
    for (const entry of readdirSync(folder)) if (/\.(m?ts|m?js)$/.test(entry) && !entry.endsWith('.d.ts')) names.add(entry)
  }
  return [...names].sort()
}

async function importScenario(file: string, cwd: string): Promise<{ value: unknown; exports: Record<string, unknown> }> {
  let module: Record<string, unknown>
  // k6, k6/http, k6/metrics (k6-shaped modules) and edgeload/... (converted ones) resolve to ours.
  registerK6Modules()
  try {
    module = await import(scenarioUrl(file))
  } catch (error) {
    const unsupported = unsupportedImports(file)
    if (unsupported.length) throw new UsageError(`Scenario ${shown(file, cwd)} imports what edgeload does not have:`, unsupported)
    throw new UsageError(`Scenario ${shown(file, cwd)} could not be loaded: ${explainLoadError(error, file)}`)
  }
  if (typeof module.default === 'function') return k6Module(module, file, cwd)
  if (!('default' in module)) {
    const named = Object.keys(module)
    throw new UsageError(
      `Scenario ${shown(file, cwd)} has no default export; write \`export default { iteration(http, ctx) { ... } }\`` +
        (named.length ? ` (it exports ${named.join(', ')})` : ''),
    )
  }
  const value = module.default
  if (typeof value !== 'object' || value === null) {
    throw new UsageError(`Scenario ${shown(file, cwd)}: the default export must be a scenario object, got ${describe(value)}`)
  }
  return { value, exports: { ...module } }
}

/** A JavaScript scenario's URL, marked so that file loads, not a TypeScript one beside it (`script.js` and the `script.ts` convert wrote). */
function scenarioUrl(file: string): string {
  const url = pathToFileURL(file).href
  return /\.[cm]?js$/.test(file) ? url + EXACT_FILE_MARK : url
}

/** A k6-shaped module (default function, `options`): run directly where that keeps its meaning. */
function k6Module(module: Record<string, unknown>, file: string, cwd: string): { value: unknown; exports: Record<string, unknown> } {
  const { scenario, problems } = scenarioFromK6Module(module, `node runner convert ${shown(file, cwd)}`)
  if (!scenario) throw new UsageError(`Scenario ${shown(file, cwd)} is a k6 script that cannot run directly:`, problems)
  return { value: scenario, exports: { ...module } }
}

/** "line 7, column 3: Unexpected end of file", from esbuild's transform errors or the stack. */
export function explainLoadError(error: unknown, file: string): string {
  if (!(error instanceof Error)) return String(error)
  const transform = /:(\d+):(\d+): ERROR: (.+)/.exec(error.message)
  if (transform) return `line ${transform[1]}, column ${Number(transform[2]) + 1}: ${transform[3]}`
  const message = firstLine(error.message)
  const at = lineInStack(error.stack ?? '', file)
  const kind = error.name && error.name !== 'Error' ? ` (${error.name})` : ''
  return at ? `line ${at}: ${message}${kind}` : `${message}${kind}`
}

function lineInStack(stack: string, file: string): string | undefined {
  for (const candidate of [file, pathToFileURL(file).href]) {
    const at = stack.indexOf(candidate + ':')
    if (at >= 0) return /^:(\d+)/.exec(stack.slice(at + candidate.length))?.[1]
  }
  // V8 puts a SyntaxError's location on the stack's first line: "/path/file.js:3"
  return undefined
}

const firstLine = (text: string): string => text.split('\n')[0]!.trim()
const unique = <T>(items: T[]): T[] => [...new Set(items)]

function shown(file: string, cwd: string): string {
  const rel = relative(cwd, file)
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel
}
