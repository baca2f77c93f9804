/**
 * `--workers N`: the run's phases spread over N worker threads, for when one core cannot drive
 * the load. The main thread keeps what must happen once — setup(), teardown(), the schedule (the
 * same scheduler as one process), the threshold monitor, the report — and each worker runs its
 * part of every phase (each executor's `split`: parts add up exactly). A phase starts in every
 * worker at once and moves on when every worker reached its `startNext`. At the end each
 * worker's metrics arrive serialized and are merged: histograms add up exactly.
 */
import { Worker } from 'node:worker_threads'
import type { IterationErrors } from '../iteration-errors.ts'
import { partFromWire } from '../live/live-part-wire.ts'
import { RunMetrics } from '../metrics/run-metrics.ts'
import type { ParsedThreshold } from '../metrics/thresholds.ts'
import { splitPlan, type RunOverrides } from '../phase-plan.ts'
import { LiveCounters, RunControl } from '../run-control.ts'
import { UsageError } from '../run-errors.ts'
import { oncePerKey, runSetupOnly, runTeardownOnly, startClock, type RunResult, type RunSettings } from '../run.ts'
import { runPlan } from '../scheduler.ts'
import type { ToWorker, WorkerInit } from './worker-messages.ts'
import { WorkerHandle } from './worker-handle.ts'

export interface WorkersSettings extends RunSettings {
  workers: number
  /** The scenario's file: each worker imports it again. */
  scenarioFile: string
  overrides: RunOverrides
  /** The thresholds the metrics track, so the workers' sinks merge into them. */
  thresholds: readonly ParsedThreshold[]
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
    // The run's clock starts with the phases (now, or at --start-at), in every thread at the same instant.
    await startClock(settings, control)
    if (settings.feed) settings.feed.startEpochMs = control.startEpochMs
    broadcast(workers, { type: 'start', startEpochMs: control.startEpochMs })
    await runPlan({
      plan: settings.plan, control, metrics, live, events: settings.events ?? {},
      launch: (index) => {
        broadcast(workers, { type: 'phase', index })
        return {
          startNext: Promise.all(workers.map((worker) => worker.phaseNext(index))).then(() => {}),
          done: Promise.all(workers.map((worker) => worker.phaseDone(index))).then(() => {}),
        }
      },
      barrier: settings.barrier,
    })
    const wallMs = control.now()
    const iterationErrors = await collectResults(workers, metrics, settings.thresholds)
    settings.monitor?.finish()
    const teardownError = await runTeardownOnly(settings, control, data)
    return { metrics, control, wallMs, iterationErrors, teardownError }
  } finally {
    settings.barrier?.close()
    unsubscribe()
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}

async function startWorkers(settings: WorkersSettings, control: RunControl, data: unknown, live: LiveCounters): Promise<WorkerHandle[]> {
  const parts = splitPlan(settings.plan, settings.workers)
  settings.feed?.expectParts(parts.length)
  // Each worker says each notice once; several workers may say the same one.
  const notice = oncePerKey(settings.onNotice)
  const workers = parts.map((plan, index) => {
    const init: WorkerInit = {
      index, workers: settings.workers, scenarioFile: settings.scenarioFile, overrides: settings.overrides, plan,
      target: settings.target, timeoutMs: settings.timeoutMs, seed: settings.seed,
      env: settings.env ?? { ...process.env }, data, startEpochMs: control.startEpochMs,
      live: settings.feed && { samples: settings.feed.wantsSamples },
    }
    const handle = new WorkerHandle(new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: init }), index)
    handle.onTick = (tick, ticked, full, live) => {
      settings.monitor?.ingest(tick, ticked, full)
      if (live) settings.feed?.ingest(tick, full, live.vus, partFromWire(live.part))
    }
    handle.onNotice = notice
    return handle
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

async function collectResults(workers: WorkerHandle[], metrics: RunMetrics, thresholds: readonly ParsedThreshold[]): Promise<IterationErrors> {
  broadcast(workers, { type: 'finish' })
  const results = await Promise.all(workers.map((worker) => worker.result))
  // Each part's iteration errors travel in its metrics and merge with them.
  for (const result of results) metrics.merge(RunMetrics.deserialize(result.metrics, thresholds))
  return metrics.iterationErrors
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
