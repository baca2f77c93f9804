/**
 * Which thread is running, for code that is not handed its `ctx`: a custom metric's `add` (its
 * sample carries the thread's scenario, phase and group, as k6 tags it) and a k6-shaped module's
 * module-level `http`, `check`, `sleep` (src/k6/runtime/). An AsyncLocalStorage, entered per
 * iteration only where something reads it (virtual-thread.ts). It lives on globalThis, so a
 * scenario loaded as CommonJS (its own copy of this module) finds the same one.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Http, IterationContext, SetupContext } from './scenario.ts'

export interface ThreadScope {
  http: Http
  /** An iteration's ctx, or setup()'s and teardown()'s. */
  ctx: IterationContext | SetupContext
}

const KEY = Symbol.for('edgeload.thread-scope')
const storage: AsyncLocalStorage<ThreadScope> =
  ((globalThis as Record<symbol, unknown>)[KEY] as AsyncLocalStorage<ThreadScope> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = new AsyncLocalStorage<ThreadScope>()) as AsyncLocalStorage<ThreadScope>

export function runInThreadScope<T>(scope: ThreadScope, fn: () => T): T {
  return storage.run(scope, fn)
}

export function currentThreadScope(): ThreadScope | undefined {
  return storage.getStore()
}
