/**
 * The `ctx` an iteration receives. One per thread, updated in place between iterations
 * (phase, iteration), so running an iteration allocates nothing here. It is also the context
 * its checks and iterations are tagged with (phase, scenario, group).
 */
import { parseDuration } from './parse-duration.ts'
import type { ThreadHttp } from './http/thread-http.ts'
import type { RunMetrics, SampleContext } from './metrics/run-metrics.ts'
import type { RunControl } from './run-control.ts'
import type { Checks, CookieAccess, Duration, IterationContext } from './scenario.ts'

export class ThreadContext<Data = unknown> implements IterationContext<Data>, SampleContext {
  iteration = 0
  phase = ''
  scenario = 'default'
  /** '' outside a group; '::outer::inner' inside nested groups. */
  groupPath = ''
  scenarioTags: Record<string, string> | undefined = undefined

  constructor(
    readonly vu: number,
    readonly env: Record<string, string | undefined>,
    readonly random: () => number,
    readonly data: Data,
    private readonly metrics: RunMetrics,
    private readonly control: RunControl,
    private readonly http: ThreadHttp,
  ) {}

  /** The thread's cookie jar (its http's), as k6's `http.cookieJar()`. */
  get cookies(): CookieAccess {
    return this.http.cookies
  }

  check<R>(res: R, checks: Checks<R>, tags?: Record<string, string>): boolean {
    let all = true
    for (const name in checks) {
      let passed: boolean
      try {
        passed = Boolean(checks[name]!(res))
      } catch {
        passed = false // a check that throws (say, on a body that is not JSON) failed
      }
      if (!this.control.stopped) this.metrics.check(name, passed, this, tags)
      all &&= passed
    }
    return all
  }

  sleep(duration: Duration): Promise<void> {
    const ms = parseDuration(duration)
    if (ms === undefined) return Promise.reject(new TypeError(`ctx.sleep(${JSON.stringify(duration)}): not a duration, e.g. 500 or '1s'`))
    const startedMs = performance.now()
    const http = this.http
    if (http.cut) return Promise.resolve() // the executor cut this iteration: no more think time
    return new Promise<void>((resolve) => {
      let timer = setTimeout(elapsed, ms)
      const unsubscribe = this.control.onStop(done)
      // gracefulStop or gracefulRampDown cut the thread: the sleep ends with it, as in k6.
      const uncut = http.onCut(done)
      // A timer counts from the event loop's cached time, which lags the clock by the work done
      // since the loop's turn began: it can fire early. k6's sleep (Go's time.Sleep) lasts at
      // least its duration, and iteration_duration's `min>=` thresholds rely on it.
      function elapsed(): void {
        const left = ms! - (performance.now() - startedMs)
        if (left > 0) timer = setTimeout(elapsed, Math.ceil(left))
        else done()
      }
      function done(): void {
        clearTimeout(timer)
        unsubscribe()
        uncut()
        // Think time is not latency: a scheduled start (rate phases) moves by the time slept.
        if (http.latencyFromMs >= 0) http.latencyFromMs += performance.now() - startedMs
        resolve()
      }
    })
  }

  async group<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    if (typeof name !== 'string' || name === '' || name.includes('::')) throw new TypeError(`group name ${JSON.stringify(name)} must be a non-empty string without '::'`)
    const outer = this.groupPath
    this.groupPath = `${outer}::${name}`
    const startedMs = performance.now()
    try {
      return await fn()
    } finally {
      // k6's group_duration, tagged with the group's own path (still groupPath here).
      if (!this.control.stopped) this.metrics.groupDone(this.groupPath, Math.round((performance.now() - startedMs) * 1000), this)
      this.groupPath = outer
    }
  }
}
