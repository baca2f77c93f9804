/**
 * What a judged run says (docs/cli.md, "Exit codes"): interrupted; could not be done (no request
 * got an answer, every iteration threw before sending one, or teardown() threw); thresholds failed, also when
 * every answer was an error status (the run was done, and it says the service failed); or ok.
 * The runner turns the outcome into its exit code (runner/exit-codes.ts, same names).
 */
import type { Summary } from '../report/summary-types.ts'

export type Outcome = 'ok' | 'interrupted' | 'runFailed' | 'thresholds'

export interface Verdict {
  outcome: Outcome
  /** Why the run is not ok, one line. */
  reason?: string
  /** Something the person should know about an ok run. */
  warning?: string
}

/** `teardownError`: teardown() threw (the report stands; the run exits 1, as k6 exits non-zero then). */
export function judgeSummary(summary: Summary, teardownError?: string): Verdict {
  if (summary.interrupted) return { outcome: 'interrupted', reason: 'interrupted' }
  if (teardownError) return { outcome: 'runFailed', reason: `${teardownError}: the test's cleanup failed (k6 exits non-zero too).` }
  const { requests, successful, iterations, iterationErrors } = summary.overall
  const unanswered = summary.errors.filter((e) => !e.kind.startsWith('http ')).reduce((n, e) => n + e.count, 0)
  if (requests > 0 && requests === unanswered && !summary.stoppedBy) {
    return { outcome: 'runFailed', reason: `no request got an answer (${requests} requests; see errors by kind): the run could not be done.` }
  }
  if (requests === 0 && iterationErrors > 0 && iterationErrors === iterations) {
    return { outcome: 'runFailed', reason: `every iteration threw before sending a request (${iterationErrors}): the run could not be done.` }
  }
  if (!summary.thresholdsOk) return { outcome: 'thresholds', reason: `thresholds failed: ${failedThresholds(summary).join(', ')}` }
  if (requests > 0 && successful === 0) return { outcome: 'ok', warning: `every answer was an error status (${requests} requests, no 2xx or 3xx).` }
  return { outcome: 'ok' }
}

/** `http_req_duration p(95)<300 (window 10s)`, one per failed threshold. */
export function failedThresholds(summary: Pick<Summary, 'thresholds'>): string[] {
  return summary.thresholds.filter((t) => !t.ok).map((t) => `${t.metric} ${t.expression}${t.window ? ` (window ${t.window})` : ''}`)
}
