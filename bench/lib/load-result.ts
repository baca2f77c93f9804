/** What every load generator run is reduced to, so wrk, autocannon and the runner line up. */
export interface LoadResult {
  tool: string
  requests: number
  /** Failed requests of any kind (socket errors, timeouts, non-2xx/3xx). */
  errors: number
  rps: number
  p50Ms: number
  p99Ms: number
  /** Peak RSS of the generator process, when measured. */
  peakRssBytes?: number
}
