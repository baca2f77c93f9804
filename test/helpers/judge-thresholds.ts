/** Thresholds judged after a run, as the runner does: the monitor's results from the run's sinks. */
import type { RunMetrics } from '../../src/load/metrics/run-metrics.ts'
import { ThresholdMonitor } from '../../src/load/metrics/threshold-monitor.ts'
import type { ParsedThreshold, ThresholdResult } from '../../src/load/metrics/thresholds.ts'

export function judgeThresholds(parsed: readonly ParsedThreshold[], metrics: RunMetrics, wallMs: number): ThresholdResult[] {
  const monitor = new ThresholdMonitor(parsed, 1, () => {})
  monitor.finish()
  return monitor.results(metrics.sinks, wallMs)
}
