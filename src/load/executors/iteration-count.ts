/**
 * The fields both iteration-counting executors share: `iterations` (per thread, or in all),
 * k6's `maxDuration` (default 10m: no iteration starts after it) and `gracefulStop`.
 */
import { parseDuration } from '../parse-duration.ts'
import type { PlanDefaults, Raw } from './executor.ts'
import type { FieldCheck } from './field-check.ts'
import { checkGracefulStop, gracefulStopMs } from './k6-graceful-stop.ts'

export interface IterationCountConfig {
  iterations: number
  maxDurationMs: number
  gracefulStopMs: number
}

export const ITERATION_COUNT_FIELDS = ['iterations', 'maxDuration', 'gracefulStop'] as const
const DEFAULT_MAX_DURATION_MS = 10 * 60_000

export function checkIterationCount(check: FieldCheck): void {
  check.count('iterations', 0)
  check.duration('maxDuration', false, false)
  checkGracefulStop(check)
}

export function planIterationCount(raw: Raw, defaults: PlanDefaults): { threads: number; config: IterationCountConfig } {
  return {
    threads: raw.threads as number,
    config: {
      iterations: (raw.iterations as number | undefined) ?? defaults.iterations,
      maxDurationMs: parseDuration(raw.maxDuration) ?? DEFAULT_MAX_DURATION_MS,
      gracefulStopMs: gracefulStopMs(raw),
    },
  }
}
