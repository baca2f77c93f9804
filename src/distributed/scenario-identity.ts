/**
 * What makes two parts parts of the same run (docs/distributed.md): the scenario file's bytes and
 * the plan the command line made of it (threads, iterations, durations: every phase in plain
 * numbers). `merge` refuses parts whose identities differ.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { PhasePlan } from '../load/phase-plan.ts'

export function scenarioIdentity(file: string, plan: PhasePlan): string {
  const phases = plan.phases.map(({ part: _part, ...phase }) => phase)
  return createHash('sha256')
    .update(readFileSync(file))
    .update('\0')
    .update(JSON.stringify({ form: plan.form, maxThreads: plan.maxThreads, phases }))
    .digest('hex')
    .slice(0, 16)
}
