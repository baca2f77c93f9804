/**
 * One worker thread of a run spread with --workers: loads the scenario itself (functions do
 * not cross threads), runs each phase of its share when the main thread says so, reports
 * progress and phase ends, and at the finish sends its metrics, serialized, to be merged.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { RunMetrics } from '../metrics/run-metrics.ts'
import { LiveCounters, RunControl } from '../run-control.ts'
import { prepareThreadRun, startPhase } from '../run.ts'
import { loadScenario } from '../scenario-load.ts'
import { interleavedIds } from './split-plan.ts'
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.ts'

const LIVE_EVERY_MS = 100

const init = workerData as WorkerInit
const port = parentPort!
const post = (message: FromWorker) => port.postMessage(message)

async function main(): Promise<void> {
  const { scenario } = await loadScenario(init.scenarioFile, init.overrides)
  const control = new RunControl(init.startEpochMs)
  const live = new LiveCounters()
  const metrics = new RunMetrics()
  const run = prepareThreadRun({
    scenario, plan: init.plan, target: init.target, timeoutMs: init.timeoutMs, seed: init.seed, env: init.env,
    control, live, metrics, nextVu: interleavedIds(init.workers, init.index),
  }, control, init.data)
  const liveTimer = setInterval(() => post({ type: 'live', requests: live.requests, errors: live.errors, activeThreads: live.activeThreads }), LIVE_EVERY_MS)
  port.on('message', (message: ToWorker) => {
    if (message.type === 'phase') {
      const execution = startPhase(init.plan.phases[message.index]!, run, {})
      void execution.startNext.then(() => post({ type: 'phase-next', index: message.index }))
      void execution.done.then(() => post({ type: 'phase-done', index: message.index }))
    } else if (message.type === 'stop') {
      control.stop()
    } else {
      clearInterval(liveTimer)
      const { count, first } = run.iterationErrors
      post({ type: 'result', metrics: metrics.serialize(), iterationErrors: { count, first } })
      port.close()
    }
  })
  post({ type: 'ready' })
}

main().catch((error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }))
