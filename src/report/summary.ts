// Builds the run summary (the JSON of `--out`, the source of the printed report) from the metrics.
import { metricKey } from '../load/metrics/metric-catalog.ts'
import type { PhaseMetrics, RunMetrics } from '../load/metrics/run-metrics.ts'
import { STATUS_CLASSES } from '../load/metrics/run-metrics.ts'
import { evaluateThresholds } from '../load/thresholds.ts'
import type { ParsedThreshold } from '../load/thresholds.ts'
import { metricValues, phaseSpanMs } from './metric-values.ts'
import { latencySummary, round3, sliceSummary } from './slice-summary.ts'
import type {
  CheckSummary, EndpointSummary, ErrorSummary, MetricSummary, PhaseSummary, RunMeta, StatusClassSummary, Summary,
} from './summary-types.ts'

export type * from './summary-types.ts'

/** Metrics every summary carries (when they have data), besides those thresholds name. */
const BASE_METRICS = [
  'http_reqs', 'http_req_duration', 'http_req_failed', 'http_req_connecting', 'http_req_waiting', 'http_req_receiving',
  'server_time', 'network_time', 'data_received', 'data_sent', 'cold_starts', 'iterations', 'dropped_iterations', 'checks',
]

export function buildSummary(metrics: RunMetrics, meta: RunMeta, thresholds: ParsedThreshold[] = []): Summary {
  const phases = [...metrics.phases.values()]
  const summary: Summary = {
    schema: 'edgeload.summary/1',
    scenario: meta.scenario,
    target: meta.target,
    startedAt: meta.startedAt.toISOString(),
    seed: meta.seed ?? null,
    wallMs: round3(meta.wallMs),
    interrupted: meta.interrupted,
    threads: meta.threads,
    iterations: meta.iterations ?? null,
    overall: {
      ...sliceSummary(metrics.overall, meta.wallMs),
      iterations: sum(phases, (p) => p.iterations),
      iterationErrors: sum(phases, (p) => p.iterationErrors),
      droppedIterations: sum(phases, (p) => p.dropped),
    },
    statusClasses: statusClassSummaries(metrics),
    phases: phases.map(phaseSummary),
    endpoints: endpointSummaries(metrics, meta.wallMs),
    errors: errorSummaries(metrics),
    checks: checkSummaries(metrics),
    thresholds: [],
    thresholdsOk: true,
    metrics: metricSummaries(metrics, meta.wallMs, thresholds),
    series: metrics.series.rows(),
  }
  summary.thresholds = evaluateThresholds(thresholds, summary)
  summary.thresholdsOk = summary.thresholds.every((result) => result.ok)
  return summary
}

function phaseSummary(phase: PhaseMetrics): PhaseSummary {
  const durationMs = phaseSpanMs(phase)
  const startMs = phase.startMs ?? phase.firstMs ?? 0
  return {
    name: phase.name,
    threads: phase.threads,
    startMs,
    endMs: startMs + durationMs,
    durationMs,
    iterations: phase.iterations,
    iterationErrors: phase.iterationErrors,
    droppedIterations: phase.dropped,
    ...sliceSummary(phase.stats, durationMs),
  }
}

function endpointSummaries(metrics: RunMetrics, wallMs: number): EndpointSummary[] {
  const rows: EndpointSummary[] = []
  for (const [name, methods] of metrics.endpoints) {
    for (const [method, stats] of methods) rows.push({ name, method, ...sliceSummary(stats, wallMs) })
  }
  return rows
}

function statusClassSummaries(metrics: RunMetrics): StatusClassSummary[] {
  return STATUS_CLASSES.flatMap((statusClass) => {
    const histogram = metrics.statusClasses.get(statusClass)
    return histogram && histogram.count > 0 ? [{ statusClass, count: histogram.count, latency: latencySummary(histogram) }] : []
  })
}

/** HTTP statuses first (`http 404`), then transport errors; each group by count, largest first. */
function errorSummaries(metrics: RunMetrics): ErrorSummary[] {
  const byCount = (a: ErrorSummary, b: ErrorSummary) => b.count - a.count || a.kind.localeCompare(b.kind)
  const http = [...metrics.overall.httpErrors].map(([status, count]) => ({ kind: `http ${status}`, count }))
  const transport = [...metrics.overall.errorKinds].map(([kind, count]) => ({ kind, count }))
  return [...http.sort(byCount), ...transport.sort(byCount)]
}

function checkSummaries(metrics: RunMetrics): CheckSummary[] {
  return [...metrics.checks].map(([name, { passes, fails }]) => ({ name, passes, fails, rate: passes / (passes + fails || 1) }))
}

function metricSummaries(metrics: RunMetrics, wallMs: number, thresholds: ParsedThreshold[]): Record<string, MetricSummary> {
  const result: Record<string, MetricSummary> = {}
  for (const name of BASE_METRICS) {
    const summary = metricValues(metrics, wallMs, name, {})
    if (Object.keys(summary.values).length > 0) result[name] = summary
  }
  for (const threshold of thresholds) {
    const key = metricKey(threshold.name, threshold.tags)
    const needed = thresholds.filter((t) => t.key === key).map((t) => t.aggregate)
    result[key] = metricValues(metrics, wallMs, threshold.name, threshold.tags, needed)
  }
  return result
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0)
}
