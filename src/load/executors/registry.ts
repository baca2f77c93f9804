/**
 * Every executor, in one list (ARCHITECTURE.md, "Adding an executor"): the planner, the
 * validator, the worker split and the scheduler find executors here and nowhere else.
 * Order matters for a phase without `kind`: the first module whose `inferredBy` field the
 * phase sets is its executor.
 */
import { arrivalRate } from './arrival-rate.ts'
import { constantThreads } from './duration.ts'
import type { ExecutorModule } from './executor.ts'
import { perThreadIterations } from './per-thread-iterations.ts'
import { rampingArrivalRate } from './ramping-arrival-rate.ts'
import { rampingThreads } from './ramping-threads.ts'
import { sharedIterations } from './shared-iterations.ts'

export const EXECUTORS: readonly ExecutorModule[] = [
  rampingArrivalRate,
  arrivalRate,
  rampingThreads,
  constantThreads,
  perThreadIterations,
  sharedIterations,
]

const BY_NAME = new Map<string, ExecutorModule>()
for (const executor of EXECUTORS) for (const name of [executor.name, ...executor.aliases]) BY_NAME.set(name, executor)

/** By our name or k6's; undefined when unknown. */
export function executorNamed(name: string): ExecutorModule | undefined {
  return BY_NAME.get(name)
}

/** True for an executor of the open model (rate, ramping-rate): its arrivals may be dropped. */
export function isOpenModel(name: string | null | undefined): boolean {
  return name ? BY_NAME.get(name)?.model === 'open' : false
}

/** For messages: "'iterations' (per-vu-iterations), 'shared-iterations', ..." */
export function executorNames(): string {
  return EXECUTORS.map((e) => `'${e.name}'${e.aliases.length ? ` (${e.aliases.join(', ')})` : ''}`).join(', ')
}

/** The executor a phase without `kind` runs: the first whose telling field it sets, else `fallback`. */
export function inferExecutor(raw: Record<string, unknown>, fallback: string): ExecutorModule {
  return EXECUTORS.find((e) => e.inferredBy !== undefined && raw[e.inferredBy] !== undefined) ?? BY_NAME.get(fallback)!
}
