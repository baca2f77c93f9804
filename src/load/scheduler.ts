/**
 * The one scheduler (ARCHITECTURE.md, "Engine"): starts a plan's phases (one after another,
 * each when the previous one reaches its `startNext`) or its scenarios (in parallel, each at
 * its `startTime`), announces each to the metrics and the events, and waits for all. Where a
 * phase runs is the launcher's business: in this process (run.ts) or spread over worker
 * threads (workers/run-in-workers.ts); both use this same code.
 */
import type { PhaseExecution, PlannedPhase } from './executors/executor.ts'
import type { RunMetrics } from './metrics/run-metrics.ts'
import type { PhasePlan } from './phase-plan.ts'
import type { LiveCounters, RunControl } from './run-control.ts'

export interface RunEvents {
  phaseStarted?(phase: PlannedPhase): void
  /** `elapsedMs`: from the phase's start to its last thread's end. */
  phaseCompleted?(phase: PlannedPhase, elapsedMs: number, interrupted: boolean): void
}

/**
 * A part of a distributed run waits here before the phase after `index` (src/distributed/
 * phase-barrier.ts): `local` is its own gate (its share reached startNext); the returned promise
 * resolves when the whole run's has.
 */
export interface PhaseBarrier {
  gate(index: number, phaseName: string, local: Promise<void>, control: RunControl): Promise<void>
  close(): void
}

/** Runs phase `index` of the plan somewhere; the scheduler does the bookkeeping. */
export type PhaseLauncher = (index: number, phase: PlannedPhase) => PhaseExecution

export interface Schedule {
  plan: PhasePlan
  launch: PhaseLauncher
  control: RunControl
  metrics: RunMetrics
  live: LiveCounters
  events: RunEvents
  barrier?: PhaseBarrier
}

export async function runPlan(s: Schedule): Promise<void> {
  const running: Promise<void>[] = []
  const planStartMs = s.control.now()
  let gate: Promise<void> = Promise.resolve()
  for (const [index, phase] of s.plan.phases.entries()) {
    if (phase.startTimeMs !== undefined) {
      running.push(untilOrStopped(planStartMs + phase.startTimeMs, s.control).then(() => (s.control.stopped ? undefined : start(s, index, phase).done)))
      continue
    }
    await gate
    if (s.control.stopped) break
    const execution = start(s, index, phase)
    running.push(execution.done)
    // With the default startNext (1) wait for the phase's end, so its complete line comes first.
    const local = phase.startNext >= 1 ? execution.done : execution.startNext
    gate = s.barrier && index < s.plan.phases.length - 1 ? s.barrier.gate(index, phase.name, local, s.control) : local
  }
  await Promise.all(running)
}

function start(s: Schedule, index: number, phase: PlannedPhase): PhaseExecution {
  const startMs = s.control.now()
  s.metrics.phaseStart(phase.name, startMs, phase.scenario, phase.executor, phase.model)
  s.live.phases.add(phase.name)
  s.events.phaseStarted?.(phase)
  const execution = s.launch(index, phase)
  const done = execution.done.then(() => {
    const endMs = s.control.now()
    s.metrics.phaseEnd(phase.name, endMs)
    s.live.phases.delete(phase.name)
    s.events.phaseCompleted?.(phase, endMs - startMs, s.control.stopped)
  })
  return { startNext: execution.startNext, done }
}

/** Resolves at `atMs` of the run's clock, or at once when the run is stopped. */
function untilOrStopped(atMs: number, control: RunControl): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(finish, Math.max(0, atMs - control.now()))
    const unsubscribe = control.onStop(finish)
    function finish(): void {
      clearTimeout(timer)
      unsubscribe()
      resolve()
    }
  })
}
