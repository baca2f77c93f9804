/**
 * `import { check, group, sleep, fail } from 'k6'` in a k6-shaped module run directly: each on
 * the running thread's ctx. `sleep` and `group` return promises here: await them (a module that
 * does not is refused, see k6-module.ts).
 */
import type { Checks } from '../../load/scenario.ts'
import { iterationContext } from './vu-scope.ts'

export function check<R>(res: R, checks: Checks<R>, tags?: Record<string, string>): boolean {
  return iterationContext('check()').check(res, checks, tags)
}

export function group<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  return iterationContext('group()').group(name, fn)
}

/** k6's seconds, as ctx.sleep's milliseconds. */
export function sleep(seconds: number): Promise<void> {
  return iterationContext('sleep()').sleep(seconds * 1000)
}

/** Ends the iteration with this error, as k6's fail(). */
export function fail(message?: string): never {
  throw new Error(message ?? 'fail() called')
}

export default { check, group, sleep, fail }
