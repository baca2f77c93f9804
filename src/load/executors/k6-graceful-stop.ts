/**
 * k6's gracefulStop: when an executor's time is up, iterations in progress may finish for this
 * long (default 30 s); then what is still in flight is cut. A cut iteration's request is not
 * counted (it is not the server's failure), unlike one cut by Ctrl-C.
 */
import type { FieldCheck } from './field-check.ts'
import type { VirtualThread } from '../virtual-thread.ts'
import { parseDuration } from '../parse-duration.ts'

export const DEFAULT_GRACEFUL_STOP_MS = 30_000

export function checkGracefulStop(check: FieldCheck): void {
  check.duration('gracefulStop')
}

export function gracefulStopMs(raw: Record<string, unknown>): number {
  return parseDuration(raw.gracefulStop) ?? DEFAULT_GRACEFUL_STOP_MS
}

/** After `ms`, cuts whatever `threads` still run; returns the cancel. */
export function cutAfter(ms: number, threads: () => Iterable<VirtualThread>): () => void {
  const timer = setTimeout(() => {
    for (const thread of threads()) void thread.http.abandon()
  }, ms)
  return () => clearTimeout(timer)
}
