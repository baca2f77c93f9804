/**
 * A thread of the load: one virtual user with its own connection (ThreadHttp) and its own
 * `ctx`. Executors decide when it runs iterations; it only knows how to run one.
 */
import { ThreadHttp, type HttpRun } from './http/thread-http.ts'
import { ThreadContext } from './iteration-context.ts'
import type { IterationErrors } from './iteration-errors.ts'
import { seededRandom, threadSeed } from './random.ts'
import type { Scenario } from './scenario.ts'

/** What every thread of a run shares besides the HTTP settings. */
export interface ThreadRun extends HttpRun {
  scenario: Scenario
  env: Record<string, string | undefined>
  seed: number
  data: unknown
  iterationErrors: IterationErrors
  /** Hands out thread ids, unique in the run, from 1. */
  nextVu(): number
}

const RESOLVED = Promise.resolve()

export class VirtualThread {
  readonly http: ThreadHttp
  readonly ctx: ThreadContext
  private readonly unsubscribe: () => void

  constructor(private readonly run: ThreadRun, phase: string) {
    const vu = run.nextVu()
    this.http = new ThreadHttp(run)
    this.http.phase = phase
    this.ctx = new ThreadContext(vu, run.env, seededRandom(threadSeed(run.seed, vu)), run.data, run.metrics, run.control)
    this.ctx.phase = phase
    // Ctrl-C: cut the connection so a request in flight ends now rather than at its timeout.
    this.unsubscribe = run.control.onStop(() => void this.http.destroy())
    run.live.activeThreads++
  }

  /**
   * One iteration; an exception in it is counted and the thread goes on. Not an async
   * function: the iteration's own promise is chained once, which saves a promise and a
   * microtask hop per iteration on the hot path.
   */
  iterate(): Promise<void> {
    let pending: void | Promise<void>
    try {
      pending = this.run.scenario.iteration(this.http, this.ctx)
    } catch (error) {
      this.failed(error)
      return RESOLVED
    }
    if (pending instanceof Promise) return pending.then(this.succeeded, this.failed)
    this.succeeded()
    return RESOLVED
  }

  /** Counts a finished iteration; executors' loops call these two when they await the iteration themselves. */
  readonly succeeded = (): void => {
    if (!this.run.control.stopped) this.run.metrics.iterationDone(this.ctx.phase)
    this.ctx.iteration++
  }

  readonly failed = (error: unknown): void => {
    const run = this.run
    if (!run.control.stopped) {
      run.iterationErrors.add(error)
      run.metrics.iterationFailed(this.ctx.phase)
    }
    this.ctx.iteration++
  }

  async close(): Promise<void> {
    this.unsubscribe()
    this.run.live.activeThreads--
    await this.http.close()
  }
}
