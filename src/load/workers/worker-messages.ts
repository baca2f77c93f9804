/** What the main thread and its worker threads say to each other during a run. */
import type { HttpTarget } from '../http/target.ts'
import type { SerializedMetrics } from '../metrics/run-metrics.ts'
import type { TickData } from '../metrics/threshold-sinks.ts'
import type { WirePart } from '../live/live-part-wire.ts'
import type { PhasePlan, RunOverrides } from '../phase-plan.ts'

/** workerData: everything a worker needs to run its part. */
export interface WorkerInit {
  index: number
  workers: number
  scenarioFile: string
  overrides: RunOverrides
  /** This worker's part of the plan (each executor's `split`). */
  plan: PhasePlan
  target: HttpTarget
  timeoutMs: number
  seed: number
  env: Record<string, string | undefined>
  /** What setup() returned in the main thread. */
  data: unknown
  /** The main thread's run start, so every thread's clock counts from the same instant. */
  startEpochMs: number
  /** A live feed listens: gather its parts (and every sample when `samples`). */
  live?: { samples: boolean }
}

export type ToWorker =
  /** The phases start: the run's clock restarts at `startEpochMs` in every thread. */
  | { type: 'start'; startEpochMs: number }
  | { type: 'phase'; index: number }
  | { type: 'stop' }
  | { type: 'finish' }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'live'; requests: number; errors: number; activeThreads: number }
  | { type: 'tick'; tick: number; data: TickData; full: boolean; live?: { part: WirePart; vus: number } }
  | { type: 'notice'; key: string; text: string }
  | { type: 'phase-next'; index: number }
  | { type: 'phase-done'; index: number }
  | { type: 'result'; metrics: SerializedMetrics }
  /** `usage`: the scenario could not be loaded or is not valid (exit 2, as in one thread). */
  | { type: 'failed'; message: string; usage: boolean }
