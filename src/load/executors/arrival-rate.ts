/**
 * Constant arrival rate (open model; k6's constant-arrival-rate): `rate` iterations start per
 * `timeUnit` (default 1s) for `duration`, whatever the responses do. See arrival-loop.ts for
 * threads, the wait queue and dropped iterations.
 */
import { parseDuration } from '../duration.ts'
import { MAX_ARRIVALS, MAX_QUEUED, planOpenModel, runArrivals, type OpenModelConfig } from './arrival-loop.ts'
import { checkGracefulStop } from './graceful-stop.ts'
import type { ExecutorModule, Raw } from './executor.ts'
import type { FieldCheck } from './field-check.ts'

interface Config extends OpenModelConfig {
  /** Iterations per second. */
  perSecond: number
  durationMs: number
}

export const arrivalRate: ExecutorModule<Config> = {
  name: 'rate',
  aliases: ['constant-arrival-rate'],
  summary: 'iterations start at a fixed rate, whatever the responses do',
  model: 'open',
  threadsFrom: 'maxThreads',
  fields: ['rate', 'timeUnit', 'duration', 'maxThreads', 'preAllocatedThreads', 'maxQueued', 'gracefulStop'],
  inferredBy: 'rate',
  validate(raw, check) {
    check.positive('rate', true)
    check.duration('duration', true, false)
    checkOpenModel(check)
    const arrivals = typeof raw.rate === 'number' ? (perSecondOf(raw.rate, raw) * (parseDuration(raw.duration) ?? 0)) / 1000 : 0
    if (arrivals > MAX_ARRIVALS) check.problem(`rate x duration is ${arrivals.toExponential(1)} iterations; at most ${MAX_ARRIVALS.toExponential(0)} a phase`)
  },
  plan(raw, defaults) {
    const perSecond = perSecondOf(raw.rate as number, raw)
    const open = planOpenModel(raw, defaults.threadsGiven, perSecond)
    return { threads: open.maxThreads, config: { ...open, perSecond, durationMs: parseDuration(raw.duration) ?? 0 } }
  },
  run(phase, run) {
    const { perSecond, durationMs } = phase.config
    const intervalMs = 1000 / perSecond
    return runArrivals(phase, run, {
      total: Math.max(0, Math.ceil((perSecond * durationMs) / 1000 - 1e-9)),
      at: (n) => n * intervalMs,
      durationMs,
    })
  },
}

/** `rate` per `timeUnit` as iterations per second. */
export function perSecondOf(rate: number, raw: Raw): number {
  return (rate * 1000) / (parseDuration(raw.timeUnit) ?? 1000)
}

/** The fields both open-model executors share. */
export function checkOpenModel(check: FieldCheck): void {
  check.duration('timeUnit', false, false)
  check.count('maxThreads', 1)
  check.count('preAllocatedThreads', 1)
  check.notMore('preAllocatedThreads', 'maxThreads')
  check.count('maxQueued', 0)
  if (typeof check.raw.maxQueued === 'number' && check.raw.maxQueued > MAX_QUEUED) check.problem(`maxQueued must be at most ${MAX_QUEUED}, got ${check.raw.maxQueued}`)
  checkGracefulStop(check)
}
