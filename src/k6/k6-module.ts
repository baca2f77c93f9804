/**
 * A k6-shaped module run directly: `export const options` and an async default function, with
 * `k6`, `k6/http` and `k6/metrics` resolved to edgeload's own modules (register-k6-modules.ts).
 * Its options become the scenario's fields as `convert` would write them (k6-options.ts); the
 * default function, the `exec`s, setup and teardown run inside the thread's scope (vu-scope.ts).
 * Where running it directly would change its meaning (a synchronous function, whose requests
 * would not be awaited; handleSummary) it is refused, pointing to `convert`.
 */
import { DROPPED_KEYS, SHORTCUT_KEYS, shortcutScenario, USER_AGENT_HEADER, type Shortcuts } from './k6-options.ts'
import { takeResponseCallback } from './runtime/http.ts'
import { runInScope } from './runtime/vu-scope.ts'
import type { Http, IterationFunction, Scenario, ScenarioConfig } from '../load/scenario.ts'

type Module = Record<string, unknown>
type Fn = (...args: unknown[]) => unknown

const isAsync = (fn: unknown): boolean => typeof fn === 'function' && fn.constructor.name === 'AsyncFunction'

/** The scenario, or the problems that keep the module from running as it means. */
export function scenarioFromK6Module(module: Module, convertHint: string): { scenario?: Scenario; problems: string[] } {
  const problems: string[] = []
  const options = (module.options ?? {}) as Record<string, unknown>
  if (typeof options !== 'object' || options === null) problems.push('options must be an object')
  const sync = (name: string) => `${name} is not an async function: its requests, sleep() and group() return promises here and would not be awaited; make it async and await them, or convert the script (${convertHint})`
  if (!isAsync(module.default)) problems.push(sync('the default function'))
  for (const hook of ['setup', 'teardown'] as const) {
    if (module[hook] !== undefined && typeof module[hook] !== 'function') problems.push(`${hook} must be a function`)
  }
  if (module.handleSummary !== undefined) problems.push('handleSummary() is not run here: the report, --out FILE.json and --html FILE replace it; remove it')
  const scenario: Scenario = { iteration: inScope(module.default as Fn) }
  const shortcuts: Shortcuts<unknown> = {}
  for (const [key, value] of Object.entries(options ?? {})) {
    if (SHORTCUT_KEYS.has(key)) shortcuts[key as keyof Shortcuts<unknown>] = value
    else if (key === 'userAgent') scenario.headers = { [USER_AGENT_HEADER]: String(value) }
    else if (key === 'scenarios') scenario.scenarios = execsInScope(value, module, sync, problems)
    else if (!DROPPED_KEYS[key]) (scenario as Record<string, unknown>)[key] = value // the validator names what is unknown
  }
  const derived = shortcutScenario(shortcuts, 1)
  if (derived && !scenario.scenarios) scenario.scenarios = { default: { executor: derived.executor, ...Object.fromEntries(derived.fields) } }
  if (typeof module.setup === 'function') {
    const setup = module.setup as Fn
    const ownHttp = (http: Http) => (isAsync(setup) ? http : unawaitedHttp('setup', convertHint))
    scenario.setup = (http, ctx) => runInScope({ http: ownHttp(http), ctx }, () => setup())
  }
  if (typeof module.teardown === 'function') {
    const teardown = module.teardown as Fn
    const ownHttp = (http: Http) => (isAsync(teardown) ? http : unawaitedHttp('teardown', convertHint))
    scenario.teardown = (data, http, ctx) => runInScope({ http: ownHttp(http), ctx }, () => teardown(data)) as Promise<void>
  }
  const callback = takeResponseCallback()
  if (callback !== undefined) scenario.responseCallback = callback
  return { scenario: problems.length ? undefined : scenario, problems }
}

/**
 * The `http` of a setup() or teardown() that is not async (k6's usual form: fine when it makes no
 * request): a request there would return a promise it does not await, so it throws instead.
 */
function unawaitedHttp(hook: 'setup' | 'teardown', convertHint: string): Http {
  return new Proxy({} as Http, {
    get: (_, method) => () => {
      throw new Error(`${hook}() is not an async function: http.${String(method)}() returns a promise here, which it would not await; make ${hook}() async and await it, or convert the script (${convertHint})`)
    },
  })
}

/** k6's default function (or an exec) called with setup()'s data, inside the thread's scope. */
function inScope(fn: Fn): IterationFunction {
  return (http, ctx) => runInScope({ http, ctx }, () => fn(ctx.data)) as Promise<void>
}

/** Each scenario's `exec: 'name'` becomes that export, wrapped; the rest is kept for the validator. */
function execsInScope(value: unknown, module: Module, sync: (name: string) => string, problems: string[]): Record<string, ScenarioConfig> {
  if (typeof value !== 'object' || value === null) return value as Record<string, ScenarioConfig>
  const out: Record<string, ScenarioConfig> = {}
  for (const [name, config] of Object.entries(value as Record<string, ScenarioConfig>)) {
    const exec = config?.exec
    if (typeof exec !== 'string' || typeof module[exec] !== 'function') {
      out[name] = config
      continue
    }
    if (!isAsync(module[exec])) problems.push(sync(`scenarios.${name}'s exec ${exec}()`))
    out[name] = { ...config, exec: inScope(module[exec] as Fn) }
  }
  return out
}
