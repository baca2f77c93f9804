// One second of the live dashboard, worked out from the feed's snapshot (src/load/live/): the
// same numbers as a row of the HTML report's timeline (run-charts.ts Timeline), so the page's
// charts draw the live run with the report's own chart code.
import { LatencyHistogram } from '../load/metrics/latency-histogram.ts'
import type { LiveSnapshot } from '../load/live/live-types.ts'

export interface LiveSecond {
  /** The second of the run (0 = the first). */
  second: number
  requests: number
  errors: number
  /** Latency of the requests that ended in the second, ms; null for a second without requests. */
  p50: number | null
  p90: number | null
  p99: number | null
  max: number | null
  vus: number
}

const US_PER_MS = 1000

export function liveSecond(snapshot: LiveSnapshot): LiveSecond {
  let requests = 0
  let errors = 0
  let duration: LatencyHistogram | undefined
  for (const series of snapshot.series) {
    if (series.metric === 'http_reqs') requests += series.sum
    else if (series.metric === 'http_req_failed') errors += series.sum
    else if (series.metric === 'http_req_duration' && series.histogram && series.histogram.count > 0) {
      duration ??= new LatencyHistogram(series.histogram.precision)
      duration.merge(series.histogram)
    }
  }
  const at = (p: number) => (duration ? duration.percentile(p) / US_PER_MS : null)
  return {
    second: snapshot.tick, requests, errors, vus: snapshot.vus,
    p50: at(50), p90: at(90), p99: at(99), max: duration ? duration.max / US_PER_MS : null,
  }
}
