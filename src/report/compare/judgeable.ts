// When a run can be judged at all (docs/results.md, "How the verdict is made"): the one rule
// `compare`, its `--fail-on` gate and `capacity` share, so "long enough to be judged" means the
// same everywhere.

/** Fewer whole seconds than this and a run's per-second data cannot say how much it varies. */
export const MIN_SECONDS = 10
/**
 * A percentile is judged only when at least this many requests lie beyond it in every run: p99
 * of 300 requests rests on its three slowest, and one stray request moves it.
 */
export const TAIL_REQUESTS = 10

export interface JudgedRun {
  /** Whole seconds of the run (its partial last second left out). */
  seconds: number
  requests: number
}

/** Requests a run needs for percentile `p` (0..100) to have TAIL_REQUESTS beyond it: 1,000 for p99. */
export function requestsForPercentile(p: number): number {
  return Math.ceil(TAIL_REQUESTS / (1 - p / 100) - 1e-9)
}

/**
 * Why a run cannot be judged on a statistic, or undefined when it can. `percentile` (0..100)
 * for a latency percentile, undefined for throughput and error rate. `fromSeconds`: the verdict
 * comes from resampling the run's own seconds (one run a side), which needs MIN_SECONDS of them;
 * a verdict from several runs a side reads each run's whole figure and does not.
 */
export function unjudgeable(run: JudgedRun, percentile: number | undefined, fromSeconds: boolean): string | undefined {
  if (fromSeconds && run.seconds < MIN_SECONDS) {
    return `${run.seconds} whole second${run.seconds === 1 ? '' : 's'}, fewer than ${MIN_SECONDS}`
  }
  if (percentile !== undefined && run.requests < requestsForPercentile(percentile)) {
    return `${run.requests} requests, p${percentile} needs ${requestsForPercentile(percentile)} (${TAIL_REQUESTS} beyond it)`
  }
  return undefined
}

/** The first of `runs` that cannot be judged on the statistic, as a verdict and a reason naming it. */
export function unjudgedRun(runs: readonly (JudgedRun & { label: string })[], percentile: number | undefined, fromSeconds: boolean):
  { verdict: 'too short to judge' | 'too few requests'; why: string } | undefined {
  for (const run of runs) {
    const why = unjudgeable(run, percentile, fromSeconds)
    if (why) return { verdict: fromSeconds && run.seconds < MIN_SECONDS ? 'too short to judge' : 'too few requests', why: `${run.label}: ${why}` }
  }
  return undefined
}
