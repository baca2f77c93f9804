/**
 * k6's stages, shared by the two ramping executors: `[{ duration: '30s', target: 100 }, ...]`,
 * each a linear ramp from the previous target (the start value first) to its own.
 */
import { parseDuration } from '../parse-duration.ts'
import type { FieldCheck } from './field-check.ts'
import { describe } from './field-check.ts'

/** A stage in plain numbers: ramps to `target` over `ms`. */
export interface PlannedStage {
  ms: number
  target: number
}

export function checkStages(check: FieldCheck, what: string): void {
  const stages = check.raw.stages
  if (!Array.isArray(stages) || stages.length === 0) {
    check.problem(`stages must be a non-empty array like [{ duration: '30s', target: 10 }], got ${describe(stages)}`)
    return
  }
  stages.forEach((stage: unknown, i: number) => {
    if (typeof stage !== 'object' || stage === null) return check.problem(`stages[${i}] must be { duration, target }, got ${describe(stage)}`)
    const s = stage as Record<string, unknown>
    for (const key of Object.keys(s)) if (key !== 'duration' && key !== 'target') check.problem(`stages[${i}]: unknown field "${key}" (a stage has duration and target)`)
    if (parseDuration(s.duration) === undefined) check.problem(`stages[${i}]: duration ${describe(s.duration)} is not a duration, e.g. '30s'`)
    if (typeof s.target !== 'number' || !(s.target >= 0) || !Number.isFinite(s.target)) check.problem(`stages[${i}]: target must be ${what} >= 0, got ${describe(s.target)}`)
  })
}

export function planStages(raw: unknown): PlannedStage[] {
  return (raw as { duration: unknown; target: number }[]).map((s) => ({ ms: parseDuration(s.duration)!, target: s.target }))
}

export function stagesMs(stages: readonly PlannedStage[]): number {
  return stages.reduce((total, stage) => total + stage.ms, 0)
}

/** The value at `t` ms: linear within a stage; the last target after the end. */
export function valueAt(start: number, stages: readonly PlannedStage[], t: number): number {
  let from = start
  let at = 0
  for (const stage of stages) {
    if (t < at + stage.ms) return from + ((stage.target - from) * (t - at)) / stage.ms
    at += stage.ms
    from = stage.target
  }
  return from
}

/** The highest value the stages reach (the start included). */
export function peakOf(start: number, stages: readonly PlannedStage[]): number {
  return stages.reduce((peak, stage) => Math.max(peak, stage.target), start)
}
