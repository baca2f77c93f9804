/**
 * Runs a scenario object through the engine in this process against a URL, with the defaults
 * a test wants (fixed seed, short timeout), thresholds tracked and judged as the runner does,
 * and hands back the result and its summary.
 */
import { customMetricTypes } from '../../src/load/metrics/custom-metrics.ts'
import { RunMetrics } from '../../src/load/metrics/run-metrics.ts'
import { ThresholdMonitor } from '../../src/load/metrics/threshold-monitor.ts'
import { parseThresholds, type ParsedThreshold } from '../../src/load/metrics/thresholds.ts'
import { buildPhasePlan, type PhasePlan, type RunOverrides } from '../../src/load/phase-plan.ts'
import { parseTarget } from '../../src/load/http/target.ts'
import { RunControl } from '../../src/load/run-control.ts'
import { runScenario, type RunEvents, type RunResult } from '../../src/load/run.ts'
import type { Scenario } from '../../src/load/scenario.ts'
import { buildSummary, type Summary } from '../../src/report/summary.ts'

export interface EngineRun extends RunResult {
  summary: Summary
  plan: PhasePlan
  notices: string[]
  /** The threshold that stopped the run (abortOnFail), if any. */
  abortedBy: ParsedThreshold | undefined
}

export async function runAgainst(
  url: string,
  scenario: Scenario,
  options: { overrides?: RunOverrides; timeoutMs?: number; events?: RunEvents; exports?: Record<string, unknown>; control?: RunControl } = {},
): Promise<EngineRun> {
  const plan = buildPhasePlan(scenario, options.overrides)
  const thresholds = parseThresholds(scenario.thresholds, customMetricTypes()).thresholds
  const control = options.control ?? new RunControl()
  const metrics = new RunMetrics().track(thresholds)
  const notices: string[] = []
  const monitor = new ThresholdMonitor(thresholds, 1, () => control.stop('threshold'))
  const result = await runScenario({
    scenario, plan, target: parseTarget(url), timeoutMs: options.timeoutMs ?? 5000, seed: 7, events: options.events,
    exports: options.exports, control, metrics, monitor, onNotice: (text) => notices.push(text),
  })
  const summary = buildSummary(result.metrics, {
    scenario: scenario.name ?? 'test', target: url, startedAt: result.control.startedAt, form: plan.form,
    wallMs: result.wallMs, interrupted: result.control.stopReason === 'interrupt', threads: plan.maxThreads,
    stoppedBy: monitor.abortedBy ? { threshold: `${monitor.abortedBy.metric} ${monitor.abortedBy.expression}`, atMs: result.wallMs } : undefined,
  }, monitor.results(result.metrics.sinks, result.wallMs))
  return { ...result, summary, plan, notices, abortedBy: monitor.abortedBy }
}
