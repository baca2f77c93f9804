/**
 * Ramping arrival rate (open model; k6's ramping-arrival-rate): the rate follows `stages`
 * linearly from `startRate` (per `timeUnit`, default 1s). Arrival n is due when the integral
 * of the rate reaches n, solved per stage (a quadratic), so arrivals follow the ramp exactly.
 */
import type { Duration, PhaseCommon, Stage } from '../scenario.ts'
import { parseDuration } from '../parse-duration.ts'
import { MAX_ARRIVALS, planOpenModel, runArrivals, type OpenModelConfig } from './arrival-loop.ts'
import { checkOpenModel, perSecondOf } from './rate.ts'
import type { ExecutorModule } from './executor.ts'
import { checkStages, peakOf, planStages, stagesMs, type PlannedStage } from './stages.ts'

/** Our name first, then k6's: what a phase's `kind` (a scenario's `executor`) may say. */
const KINDS = ['ramping-rate', 'ramping-arrival-rate'] as const

/** Open model: the arrival rate follows `stages` linearly, from `startRate` (k6's ramping-arrival-rate). */
export interface RampingRatePhase extends PhaseCommon {
  kind: (typeof KINDS)[number]
  startRate?: number
  stages: Stage[]
  timeUnit?: Duration
  maxThreads?: number
  preAllocatedThreads?: number
  maxQueued?: number
  gracefulStop?: Duration
}

declare module '../scenario.ts' {
  interface PhaseTypes {
    'ramping-rate': RampingRatePhase
  }
}

interface Config extends OpenModelConfig {
  /** Per second. */
  startRate: number
  /** Targets per second. */
  stages: PlannedStage[]
}

export const rampingRate: ExecutorModule<Config> = {
  name: KINDS[0],
  aliases: KINDS.slice(1),
  summary: 'the arrival rate follows stages linearly',
  model: 'open',
  threadsFrom: 'maxThreads',
  fields: ['startRate', 'stages', 'timeUnit', 'maxThreads', 'preAllocatedThreads', 'maxQueued', 'gracefulStop'],
  inferredBy: 'startRate',
  validate(raw, check) {
    if (raw.startRate !== undefined && !(typeof raw.startRate === 'number' && raw.startRate >= 0 && Number.isFinite(raw.startRate))) {
      check.problem(`startRate must be a number >= 0, got ${String(raw.startRate)}`)
    }
    checkStages(check, 'a rate')
    checkOpenModel(check)
    const stages = Array.isArray(raw.stages) ? raw.stages as { duration?: unknown; target?: unknown }[] : []
    const peak = Math.max(typeof raw.startRate === 'number' ? raw.startRate : 0, ...stages.map((s) => (typeof s?.target === 'number' ? s.target : 0)))
    const ms = stages.reduce((total, s) => total + (parseDuration(s?.duration) ?? 0), 0)
    const arrivals = (perSecondOf(peak, raw) * ms) / 1000
    if (arrivals > MAX_ARRIVALS) check.problem(`the stages schedule up to ${arrivals.toExponential(1)} iterations; at most ${MAX_ARRIVALS.toExponential(0)} a phase`)
  },
  plan(raw, defaults) {
    const startRate = perSecondOf((raw.startRate as number | undefined) ?? 0, raw)
    const stages = planStages(raw.stages).map((s) => ({ ms: s.ms, target: perSecondOf(s.target, raw) }))
    const open = planOpenModel(raw, defaults.threadsGiven, peakOf(startRate, stages))
    return { threads: open.maxThreads, config: { ...open, startRate, stages } }
  },
  run(phase, run) {
    const arrivals = new RampArrivals(phase.config.startRate, phase.config.stages)
    return runArrivals(phase, run, { total: arrivals.total, at: (n) => arrivals.at(n), durationMs: stagesMs(phase.config.stages) })
  },
}

/** Arrival times of a piecewise-linear rate: stage i starts at `startMs[i]` with `before[i]` arrivals behind it. */
export class RampArrivals {
  readonly total: number
  private readonly startMs: number[] = []
  private readonly before: number[] = []
  private readonly fromRate: number[] = []

  constructor(startRate: number, private readonly stages: readonly PlannedStage[]) {
    let at = 0
    let count = 0
    let from = startRate
    for (const stage of stages) {
      this.startMs.push(at)
      this.before.push(count)
      this.fromRate.push(from)
      count += ((from + stage.target) / 2) * (stage.ms / 1000)
      at += stage.ms
      from = stage.target
    }
    this.total = Math.max(0, Math.ceil(count - 1e-9))
  }

  /** Ms from the start when the integral of the rate reaches n. */
  at(n: number): number {
    let i = this.stages.length - 1
    while (i > 0 && this.before[i]! > n) i--
    const stage = this.stages[i]!
    const left = n - this.before[i]!
    // Arrivals per ms at the stage's start (b) and its growth per ms (2a): left = b t + a t².
    const b = this.fromRate[i]! / 1000
    const a = (stage.target - this.fromRate[i]!) / 1000 / (2 * stage.ms)
    let t: number
    if (Math.abs(a) < 1e-15) t = b > 0 ? left / b : stage.ms
    else t = (-b + Math.sqrt(Math.max(0, b * b + 4 * a * left))) / (2 * a)
    return this.startMs[i]! + Math.min(Math.max(0, t), stage.ms)
  }
}
