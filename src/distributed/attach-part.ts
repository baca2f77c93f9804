/** Adds the part record (part-record.ts) to the summary of a run made with `--segment`. */
import type { Part } from '../load/executors/executor.ts'
import type { RunMetrics } from '../load/metrics/run-metrics.ts'
import type { ThresholdMonitor } from '../load/metrics/threshold-monitor.ts'
import type { ParsedThreshold } from '../load/metrics/thresholds.ts'
import type { PhasePlan } from '../load/phase-plan.ts'
import type { Summary } from '../report/summary-types.ts'
import type { PartSummary } from './part-merger.ts'
import { partRecord } from './part-record.ts'
import { runIdentity, scenarioIdentity } from './scenario-identity.ts'
import { RecordingMonitor } from './tick-recorder.ts'

export interface PartRun {
  file: string
  plan: PhasePlan
  startAtMs: number | undefined
  thresholds: ParsedThreshold[]
  metrics: RunMetrics
  monitor: ThresholdMonitor
  iterationErrors: number
}

export function attachPartRecord(summary: Summary, segment: Part, run: PartRun): PartSummary {
  const scenarioId = scenarioIdentity(run.file, run.plan, run.thresholds)
  const startAt = run.startAtMs === undefined ? null : new Date(run.startAtMs).toISOString()
  return Object.assign(summary, {
    segment: partRecord(segment, {
      scenarioId,
      runId: runIdentity(scenarioId, segment.count, startAt, summary.target),
      startAt,
      thresholds: run.thresholds,
      metrics: run.metrics.serialize(),
      ticks: run.monitor instanceof RecordingMonitor ? run.monitor.recordedTicks() : [],
      iterationErrors: run.iterationErrors,
    }),
  })
}
