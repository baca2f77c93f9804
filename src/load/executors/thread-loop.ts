/**
 * A thread running iterations back to back while `more(i)` says so, then closing. Written with
 * callbacks rather than async/await: each iteration is chained with one `then` on the scenario's
 * own promise, to two callbacks made once per thread. A request in flight then keeps fewer
 * short-lived objects alive, and those are what makes V8 grow its young generation (the RSS
 * the memory benchmark watches). An exception in an iteration is counted and the thread goes on.
 */
import type { ThreadRun, VirtualThread } from '../virtual-thread.ts'
import { shouldYield } from './yield-to-loop.ts'

export function loopIterations(thread: VirtualThread, run: ThreadRun, more: (i: number) => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let i = 0
    /** After iteration i: go on now, or after the event loop had its turn (timers, Ctrl-C). */
    const next = (): void => {
      if (shouldYield(i++)) setImmediate(step)
      else step()
    }
    const fulfilled = (): void => {
      thread.succeeded()
      next()
    }
    const rejected = (error: unknown): void => {
      thread.failed(error)
      next()
    }
    const iteration = thread.iterationFunction
    function step(): void {
      if (run.control.stopped || !more(i)) {
        thread.close().then(resolve, reject)
        return
      }
      let pending: void | Promise<void>
      thread.startedMs = performance.now()
      try {
        pending = iteration(thread.http, thread.ctx)
      } catch (error) {
        return rejected(error)
      }
      if (pending instanceof Promise) pending.then(fulfilled, rejected)
      else fulfilled()
    }
    step()
  })
}
