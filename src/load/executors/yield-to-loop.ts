/**
 * An iteration that never waits on I/O (no request, or only synchronous work) resolves in
 * microtasks, so a thread looping over it would starve timers and signal handlers: Ctrl-C, the
 * progress line, a duration phase's own clock. Loops call this every so many iterations.
 */
import { setImmediate as immediate } from 'node:timers/promises'

const EVERY = 256

export function shouldYield(iteration: number): boolean {
  return (iteration + 1) % EVERY === 0
}

export function yieldToLoop(): Promise<void> {
  return immediate()
}
