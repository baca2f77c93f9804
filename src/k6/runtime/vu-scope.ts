/**
 * The running thread for a k6-shaped module run directly (src/load/thread-scope.ts): its
 * `k6/http` default export and `check`, `group`, `sleep` are module-level, as in k6, so each call
 * finds its thread's `http` and `ctx` there. k6's globals `__ENV`, `__VU` and `__ITER` read it too.
 */
import { currentThreadScope, runInThreadScope, type ThreadScope } from '../../load/thread-scope.ts'
import type { IterationContext } from '../../load/scenario.ts'

export const runInScope = runInThreadScope

/** The running thread's scope; outside one (the module's top level) a clear error naming `what`. */
export function currentScope(what: string): ThreadScope {
  const scope = currentThreadScope()
  if (scope === undefined) throw new Error(`${what} outside an iteration, setup() or teardown(): k6 allows it only in functions that run in a thread`)
  return scope
}

export function iterationContext(what: string): IterationContext {
  const { ctx } = currentScope(what)
  if (!('check' in ctx)) throw new Error(`${what} in setup() or teardown(): only an iteration has checks and groups here`)
  return ctx
}

let installed = false

/** Defines k6's globals (once): `__ENV` the environment, `__VU` and `__ITER` the thread's (0 outside one). */
export function installK6Globals(): void {
  if (installed || '__VU' in globalThis) return
  installed = true
  const vuContext = (): Partial<IterationContext> | undefined => currentThreadScope()?.ctx as Partial<IterationContext> | undefined
  Object.defineProperties(globalThis, {
    __ENV: { configurable: true, get: () => vuContext()?.env ?? process.env },
    __VU: { configurable: true, get: () => vuContext()?.vu ?? 0 },
    __ITER: { configurable: true, get: () => vuContext()?.iteration ?? 0 },
  })
}
