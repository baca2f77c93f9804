/**
 * One worker thread of a run spread with --workers: loads the scenario itself (functions do
 * not cross threads), runs its part of each phase when the main thread says so, reports
 * progress, threshold ticks and phase ends, and at the finish sends its metrics, serialized.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { LiveCollector } from '../live/live-collector.ts'
import { partToWire } from '../live/live-part-wire.ts'
import { bindCustomMetrics, customMetricTypes } from '../metrics/custom-metrics.ts'
import { startMetricsTicker } from '../metrics/metrics-ticker.ts'
import { RunMetrics } from '../metrics/run-metrics.ts'
import { parseThresholds } from '../metrics/thresholds.ts'
import { LiveCounters, RunControl } from '../run-control.ts'
import { launchHere, prepareThreadRun } from '../run.ts'
import { UsageError } from '../run-errors.ts'
import { loadScenario } from '../scenario-load.ts'
import { threadIdsOf } from './thread-ids.ts'
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.ts'

const LIVE_EVERY_MS = 100

const init = workerData as WorkerInit
const port = parentPort!
const post = (message: FromWorker) => port.postMessage(message)

async function main(): Promise<void> {
  const { scenario, exports } = await loadScenario(init.scenarioFile, init.overrides)
  const control = new RunControl(init.startEpochMs)
  const live = new LiveCounters()
  const metrics = new RunMetrics().track(parseThresholds(scenario.thresholds, customMetricTypes()).thresholds)
  const run = prepareThreadRun({
    scenario, exports, plan: init.plan, target: init.target, timeoutMs: init.timeoutMs, seed: init.seed, env: init.env,
    control, live, metrics, nextVu: threadIdsOf({ index: init.index, count: init.workers, within: init.plan.segment }),
    onNotice: (text, key) => post({ type: 'notice', key, text }),
  }, control, init.data)
  bindCustomMetrics(metrics)
  let stopTicker = () => {}
  const liveTimer = setInterval(() => post({ type: 'live', requests: live.requests, errors: live.errors, activeThreads: live.activeThreads }), LIVE_EVERY_MS)
  port.on('message', (message: ToWorker) => {
    if (message.type === 'start') {
      control.restartClock(message.startEpochMs)
      if (init.live) metrics.live = new LiveCollector(init.live.samples)
      stopTicker = startMetricsTicker(control, metrics, live, (tick, data, full, part) => post({
        type: 'tick', tick, data, full, live: part && { part: partToWire(part.part), vus: part.vus },
      }))
    } else if (message.type === 'phase') {
      const execution = launchHere(init.plan.phases[message.index]!, run)
      void execution.startNext.then(() => post({ type: 'phase-next', index: message.index }))
      void execution.done.then(() => post({ type: 'phase-done', index: message.index }))
    } else if (message.type === 'stop') {
      control.stop()
    } else {
      clearInterval(liveTimer)
      stopTicker()
      bindCustomMetrics(undefined)
      post({ type: 'result', metrics: metrics.serialize() })
      port.close()
    }
  })
  post({ type: 'ready' })
}

main().catch((error: unknown) => post({
  type: 'failed', message: error instanceof Error ? error.message : String(error), usage: error instanceof UsageError,
}))
