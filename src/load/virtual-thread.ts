/**
 * A thread of the load: one virtual user with its own connection (ThreadHttp) and its own
 * `ctx`. Executors decide when it runs iterations; it only knows how to run one.
 */
import type { PlannedPhase } from './executors/planned-phase.ts'
import { ThreadHttp, type HttpRun } from './http/thread-http.ts'
import { ThreadContext } from './iteration-context.ts'
import type { IterationErrors } from './iteration-errors.ts'
import { seededRandom, threadSeed } from './random.ts'
import type { IterationFunction, Scenario } from './scenario.ts'
import { customMetricTypes } from './metrics/custom-metrics.ts'
import { runInThreadScope, type ThreadScope } from './thread-scope.ts'

/** What every thread of a run shares besides the HTTP settings. */
export interface ThreadRun extends HttpRun {
  scenario: Scenario
  env: Record<string, string | undefined>
  seed: number
  data: unknown
  iterationErrors: IterationErrors
  /** Hands out thread ids, unique in the run, from 1. */
  nextVu(): number
  /** The function a phase's iterations run (its scenario's `exec`, else the scenario's `iteration`). */
  iterationFor(phase: PlannedPhase): IterationFunction
  /** A warning for the person running the test, shown once per key (e.g. "insufficient threads"). */
  notice(key: string, text: string): void
}

const RESOLVED = Promise.resolve()

/**
 * setup()'s data as this thread's own copy, as k6 gives each VU one (what k6 can pass: JSON): a
 * thread that changes it changes it for nobody else, and teardown() gets the original.
 */
function ownCopy(data: unknown): unknown {
  try {
    const text = JSON.stringify(data)
    return text === undefined ? data : JSON.parse(text)
  } catch {
    return structuredClone(data) // a BigInt or a cycle: a deep copy all the same
  }
}

/**
 * The iteration, run inside the thread's scope (thread-scope.ts) when something reads it: custom
 * metrics (their samples carry the thread's scenario). Without them, the function as it is.
 */
function scoped(iteration: IterationFunction, scope: ThreadScope): IterationFunction {
  if (customMetricTypes().size === 0) return iteration
  return (http, ctx) => runInThreadScope(scope, () => iteration(http, ctx))
}

export class VirtualThread {
  readonly http: ThreadHttp
  readonly ctx: ThreadContext
  private readonly iteration: IterationFunction
  private readonly unsubscribe: () => void
  private active = true
  /** When the running iteration started; loops that call the iteration themselves set it (thread-loop.ts). */
  startedMs = 0
  private closed = false

  constructor(private readonly run: ThreadRun, phase: PlannedPhase) {
    const vu = run.nextVu()
    this.http = new ThreadHttp(run)
    this.ctx = new ThreadContext(vu, run.env, seededRandom(threadSeed(run.seed, vu)), ownCopy(run.data), run.metrics, run.control, this.http)
    this.iteration = scoped(run.iterationFor(phase), { http: this.http, ctx: this.ctx })
    this.ctx.phase = phase.name
    this.ctx.scenario = phase.scenario
    this.ctx.scenarioTags = Object.keys(phase.tags).length ? phase.tags : undefined
    this.http.context = this.ctx
    // Ctrl-C: cut the connection so a request in flight ends now rather than at its timeout.
    this.unsubscribe = run.control.onStop(() => void this.http.destroy())
    run.live.activeThreads++
    run.metrics.threadMade(++run.live.threads)
  }

  /**
   * One iteration; an exception in it is counted and the thread goes on. Not an async
   * function: the iteration's own promise is chained once, which saves a promise and a
   * microtask hop per iteration on the hot path.
   */
  iterate(): Promise<void> {
    this.startedMs = performance.now()
    let pending: void | Promise<void>
    try {
      pending = this.iteration(this.http, this.ctx)
    } catch (error) {
      this.failed(error)
      return RESOLVED
    }
    if (pending instanceof Promise) return pending.then(this.succeeded, this.failed)
    this.succeeded()
    return RESOLVED
  }

  /** The function this thread's iterations run, for loops that call it themselves. */
  get iterationFunction(): IterationFunction {
    return this.iteration
  }

  /**
   * Counts a finished iteration; executors' loops call these two when they await the iteration
   * themselves. One that ended after its executor cut the thread (gracefulStop,
   * gracefulRampDown) or the run stopped (Ctrl-C, abortOnFail) was interrupted, as k6 counts it.
   */
  readonly succeeded = (): void => {
    if (this.interrupted()) this.run.metrics.iterationInterrupted(this.ctx.phase)
    else this.run.metrics.iterationDone(this.ctx.phase, this.ctx, this.elapsedUs())
    this.ctx.iteration++
    this.http.latencyFromMs = -1
  }

  readonly failed = (error: unknown): void => {
    const run = this.run
    if (this.interrupted()) run.metrics.iterationInterrupted(this.ctx.phase)
    else {
      run.iterationErrors.add(error)
      run.metrics.iterationFailed(this.ctx.phase, this.ctx, this.elapsedUs())
    }
    this.ctx.iteration++
    this.ctx.groupPath = ''
    this.http.latencyFromMs = -1
  }

  /** Since the iteration started (k6's iteration_duration). */
  private elapsedUs(): number {
    return Math.round((performance.now() - this.startedMs) * 1000)
  }

  private interrupted(): boolean {
    return this.run.control.stopped || this.http.cut
  }

  /** Ramping executors park threads: a parked thread is not counted as active. */
  setActive(active: boolean): void {
    if (this.closed || active === this.active) return
    this.active = active
    this.run.live.activeThreads += active ? 1 : -1
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.setActive(false)
    this.closed = true
    this.run.live.threads--
    this.unsubscribe()
    await this.http.close()
  }
}
