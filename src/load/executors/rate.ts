/**
 * Constant arrival rate (open model; k6's constant-arrival-rate): `rate` iterations start per
 * `timeUnit` (default 1s) for `duration`, whatever the responses do. See arrival-loop.ts for
 * threads, the wait queue and dropped iterations.
 */
import type { Duration, PhaseCommon } from '../scenario.ts'
import { parseDuration } from '../parse-duration.ts'
import { MAX_ARRIVALS, MAX_QUEUED, planOpenModel, runArrivals, type OpenModelConfig } from './arrival-loop.ts'
import { checkGracefulStop } from './k6-graceful-stop.ts'
import type { ExecutorModule, Raw } from './executor.ts'
import type { FieldCheck } from './field-check.ts'

/** Our name first, then k6's: what a phase's `kind` (a scenario's `executor`) may say. */
const KINDS = ['rate', 'constant-arrival-rate'] as const

/**
 * Open model: `rate` iterations start per `timeUnit` whatever the responses do. Threads are added
 * up to `maxThreads`; an arrival with no free thread waits (up to `maxQueued`, its latency counting
 * from its scheduled start), beyond that it is dropped.
 */
export interface RatePhase extends PhaseCommon {
  kind?: (typeof KINDS)[number]
  rate: number
  duration: Duration
  /** Default: the phase's share of the scenario's threads when it sets threads, else one second of arrivals (100..10,000). */
  maxThreads?: number
  /** Threads created before the first tick. Default 1. */
  preAllocatedThreads?: number
  /** Per how long `rate` counts. Default '1s'. */
  timeUnit?: Duration
  /** After `duration`, how long waiting and running iterations may go on before they are dropped and cut. Default '30s'. */
  gracefulStop?: Duration
  /**
   * Arrivals that may wait for a free thread (their latency still counts from their scheduled
   * start); beyond it they are dropped. Default one second of arrivals (100 to 100,000); 0
   * drops at once, as k6 does.
   */
  maxQueued?: number
}

declare module '../scenario.ts' {
  interface PhaseTypes {
    rate: RatePhase
  }
}

interface Config extends OpenModelConfig {
  /** Iterations per second. */
  perSecond: number
  durationMs: number
}

export const rate: ExecutorModule<Config> = {
  name: KINDS[0],
  aliases: KINDS.slice(1),
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
