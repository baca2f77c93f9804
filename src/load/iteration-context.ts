/**
 * The `ctx` an iteration receives. One per thread, updated in place between iterations
 * (phase, iteration), so running an iteration allocates nothing here.
 */
import type { RunMetrics } from './metrics/run-metrics.ts'
import type { RunControl } from './run-control.ts'
import type { Checks, IterationContext } from './scenario.ts'

export class ThreadContext<Data = unknown> implements IterationContext<Data> {
  iteration = 0
  phase = ''

  constructor(
    readonly vu: number,
    readonly env: Record<string, string | undefined>,
    readonly random: () => number,
    readonly data: Data,
    private readonly metrics: RunMetrics,
    private readonly control: RunControl,
  ) {}

  check<R>(res: R, checks: Checks<R>): boolean {
    let all = true
    for (const name in checks) {
      let passed: boolean
      try {
        passed = Boolean(checks[name]!(res))
      } catch {
        passed = false // a check that throws (say, on a body that is not JSON) failed
      }
      if (!this.control.stopped) this.metrics.check(name, passed)
      all &&= passed
    }
    return all
  }
}
