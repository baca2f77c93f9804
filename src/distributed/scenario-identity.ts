/**
 * What makes two parts parts of the same run (docs/distributed.md): the scenario file's bytes,
 * the plan the command line made of it (threads, iterations, durations: every phase in plain
 * numbers) and the thresholds as parsed (a scenario may choose them from the environment; a part
 * that tracked other sinks cannot be added up with the rest). `merge` refuses parts whose
 * identities differ.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { ParsedThreshold } from '../load/metrics/thresholds.ts'
import type { PhasePlan } from '../load/phase-plan.ts'

export function scenarioIdentity(file: string, plan: PhasePlan, thresholds: readonly ParsedThreshold[]): string {
  const phases = plan.phases.map(({ part: _part, ...phase }) => phase)
  return createHash('sha256')
    .update(readFileSync(file))
    .update('\0')
    .update(JSON.stringify({ form: plan.form, maxThreads: plan.maxThreads, phases, thresholds }))
    .digest('hex')
    .slice(0, 16)
}

/** What all the parts of one distributed run share, and a part of another run of the same scenario does not. */
export function runIdentity(scenarioId: string, count: number, startAt: string | null, target: string): string {
  return createHash('sha256').update(JSON.stringify([scenarioId, count, startAt, target])).digest('hex').slice(0, 16)
}
