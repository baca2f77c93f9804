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

  /** One iteration; an exception in it is counted and the thread goes on. */
  async iterate(): Promise<void> {
    const run = this.run
    let failed = false
    try {
      await run.scenario.iteration(this.http, this.ctx)
    } catch (error) {
      failed = true
      if (!run.control.stopped) run.iterationErrors.add(error)
    }
    if (!run.control.stopped) {
      if (failed) run.metrics.iterationFailed(this.ctx.phase)
      else run.metrics.iterationDone(this.ctx.phase)
    }
    this.ctx.iteration++
  }

  async close(): Promise<void> {
    this.unsubscribe()
    this.run.live.activeThreads--
    await this.http.close()
  }
}
