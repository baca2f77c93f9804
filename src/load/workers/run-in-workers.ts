/**
 * `--workers N`: the run's threads spread over N worker threads, for when one core cannot
 * drive the load. The main thread keeps what must happen once — setup(), teardown(), the
 * phase schedule, the report — and each worker runs its share of every phase's threads.
 * Phases stay in step: the main thread starts phase k in every worker at once, and moves on
 * when every worker reached the phase's `startNext` (each judging its own share). At the end
 * each worker's metrics arrive serialized and are merged: histograms add up exactly.
 */
import { Worker } from 'node:worker_threads'
import { IterationErrors } from '../iteration-errors.ts'
import { RunMetrics } from '../metrics/run-metrics.ts'
import type { RunOverrides } from '../phase-plan.ts'
import { LiveCounters, RunControl } from '../run-control.ts'
import { UsageError } from '../run-errors.ts'
import { runSetupOnly, runTeardownOnly, type RunResult, type RunSettings } from '../run.ts'
import { splitPlan } from './split-plan.ts'
import type { ToWorker, WorkerInit } from './worker-messages.ts'
import { WorkerHandle } from './worker-handle.ts'

export interface WorkersSettings extends RunSettings {
  workers: number
  /** The scenario's file: each worker imports it again. */
  scenarioFile: string
  overrides: RunOverrides
}

export async function runScenarioInWorkers(settings: WorkersSettings): Promise<RunResult> {
  const control = settings.control ?? new RunControl()
  const metrics = settings.metrics ?? new RunMetrics()
  const live = settings.live ?? new LiveCounters()
  const data = await runSetupOnly(settings, control)
  checkTransferable(data)
  const workers = await startWorkers(settings, control, data, live)
  const unsubscribe = control.onStop(() => broadcast(workers, { type: 'stop' }))
  try {
    const phasesStartMs = control.now()
    await runPhasesInWorkers(settings, workers, control, metrics, live)
    const wallMs = control.now() - phasesStartMs
    const iterationErrors = await collectResults(workers, metrics, settings)
    const teardownError = await runTeardownOnly(settings, control, data)
    return { metrics, control, wallMs, iterationErrors, teardownError }
  } finally {
    unsubscribe()
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}

async function startWorkers(settings: WorkersSettings, control: RunControl, data: unknown, live: LiveCounters): Promise<WorkerHandle[]> {
  const shares = splitPlan(settings.plan, settings.workers)
  const workers = shares.map((plan, index) => {
    const init: WorkerInit = {
      index, workers: settings.workers, scenarioFile: settings.scenarioFile, overrides: settings.overrides, plan,
      target: settings.target, timeoutMs: settings.timeoutMs, seed: settings.seed,
      env: settings.env ?? { ...process.env }, data, startEpochMs: control.startEpochMs,
    }
    return new WorkerHandle(new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: init }), index)
  })
  const sumLive = () => {
    live.requests = live.errors = live.activeThreads = 0
    for (const worker of workers) {
      live.requests += worker.live.requests
      live.errors += worker.live.errors
      live.activeThreads += worker.live.activeThreads
    }
  }
  for (const worker of workers) worker.onLive = sumLive
  try {
    await Promise.all(workers.map((worker) => worker.ready))
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.terminate()))
    throw error
  }
  return workers
}

async function runPhasesInWorkers(
  settings: WorkersSettings, workers: WorkerHandle[], control: RunControl, metrics: RunMetrics, live: LiveCounters,
): Promise<void> {
  const events = settings.events ?? {}
  const running: Promise<void>[] = []
  for (const [index, phase] of settings.plan.phases.entries()) {
    if (control.stopped) break
    const startMs = control.now()
    // The whole phase's threads; a rate phase's come from its workers once merged.
    metrics.phaseStart(phase.name, phase.kind === 'rate' ? 0 : phase.threads, startMs)
    live.phases.add(phase.name)
    events.phaseStarted?.(phase)
    broadcast(workers, { type: 'phase', index })
    const done = Promise.all(workers.map((worker) => worker.phaseDone(index))).then(() => {
      const endMs = control.now()
      metrics.phaseEnd(phase.name, endMs)
      live.phases.delete(phase.name)
      events.phaseCompleted?.(phase, endMs - startMs, control.stopped)
    })
    running.push(done)
    await (phase.startNext >= 1 ? done : Promise.all(workers.map((worker) => worker.phaseNext(index))))
  }
  await Promise.all(running)
}

async function collectResults(workers: WorkerHandle[], metrics: RunMetrics, settings: WorkersSettings): Promise<IterationErrors> {
  broadcast(workers, { type: 'finish' })
  const results = await Promise.all(workers.map((worker) => worker.result))
  const errors = new IterationErrors()
  const rateThreads = new Map<string, number>()
  for (const result of results) {
    const theirs = RunMetrics.deserialize(result.metrics)
    for (const phase of settings.plan.phases) {
      // A rate phase adds threads as it needs them: the run used the sum of the workers' most.
      if (phase.kind === 'rate') rateThreads.set(phase.name, (rateThreads.get(phase.name) ?? 0) + (theirs.phases.get(phase.name)?.threads ?? 0))
    }
    metrics.merge(theirs)
    errors.count += result.iterationErrors.count
    errors.first ??= result.iterationErrors.first
  }
  for (const [name, threads] of rateThreads) metrics.phase(name).threads = threads
  return errors
}

function broadcast(workers: WorkerHandle[], message: ToWorker): void {
  for (const worker of workers) worker.send(message)
}

/** setup()'s data travels to the workers by structured clone: say so when it cannot. */
function checkTransferable(data: unknown): void {
  try {
    structuredClone(data)
  } catch (error) {
    throw new UsageError(`--workers: what setup() returned cannot be sent to worker threads (${(error as Error).message}); return plain data`)
  }
}
