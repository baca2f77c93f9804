/**
 * Every executor, in one list (ARCHITECTURE.md, "Adding an executor"): the planner, the
 * validator, the worker split and the scheduler find executors here and nowhere else.
 * Order matters for a phase without `kind`: the first module whose `inferredBy` field the
 * phase sets is its executor.
 */
import { duration } from './duration.ts'
import type { ExecutorModule } from './executor.ts'
import { iterations } from './iterations.ts'
import { rampingRate } from './ramping-rate.ts'
import { rampingThreads } from './ramping-threads.ts'
import { rate } from './rate.ts'
import { sharedIterations } from './shared-iterations.ts'

export const EXECUTORS: readonly ExecutorModule[] = [
  rampingRate,
  rate,
  rampingThreads,
  duration,
  iterations,
  sharedIterations,
]

const BY_NAME = new Map<string, ExecutorModule>()
for (const executor of EXECUTORS) for (const name of [executor.name, ...executor.aliases]) BY_NAME.set(name, executor)

/** By our name or k6's; undefined when unknown. */
export function executorNamed(name: string): ExecutorModule | undefined {
  return BY_NAME.get(name)
}

/** For messages: "'iterations' (per-vu-iterations), 'shared-iterations', ..." */
export function executorNames(): string {
  return EXECUTORS.map((e) => `'${e.name}'${e.aliases.length ? ` (${e.aliases.join(', ')})` : ''}`).join(', ')
}

/** The executor a phase without `kind` runs: the first whose telling field it sets, else `fallback`. */
export function inferExecutor(raw: Record<string, unknown>, fallback: ExecutorModule): ExecutorModule {
  return EXECUTORS.find((e) => e.inferredBy !== undefined && raw[e.inferredBy] !== undefined) ?? fallback
}

/** The executor a phase setting `field` (and no kind) runs: `duration` or `iterations` for the scenario's defaults. */
export function executorInferredBy(field: string): ExecutorModule {
  const executor = EXECUTORS.find((e) => e.inferredBy === field)
  if (!executor) throw new Error(`no executor is inferred from ${field}`)
  return executor
}
