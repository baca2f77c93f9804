// Builds the run summary (the JSON of `--out`, the source of the printed report) from the metrics.
import { customMetricTypes } from '../load/metrics/custom-metrics.ts'
import { METRICS } from '../load/metrics/metric-catalog.ts'
import { builtInValues } from '../load/metrics/metric-values.ts'
import { RequestStats } from '../load/metrics/request-stats.ts'
import type { PhaseMetrics, RunMetrics } from '../load/metrics/run-metrics.ts'
import { STATUS_CLASSES } from '../load/metrics/run-metrics.ts'
import { runEnvironment } from './environment.ts'
import type { ThresholdResult } from '../load/metrics/thresholds.ts'
import { latencySummary, round3, sliceSummary } from './slice-summary.ts'
import { streamSummary } from './stream-summary.ts'
import type {
  CheckSummary, EndpointSummary, ErrorSummary, MetricSummary, PhaseSummary, RunMeta, ScenarioSummary, StatusClassSummary, Summary,
} from './summary-types.ts'
import { SUMMARY_SCHEMA } from './summary-types.ts'

export type * from './summary-types.ts'

/** Metrics every summary carries (when they have data), besides those thresholds name. */
const BASE_METRICS = [
  'http_reqs', 'http_req_duration', 'http_req_failed', 'http_req_connecting', 'http_req_waiting', 'http_req_receiving',
  'http_req_duration_uncorrected', 'server_time', 'network_time', 'data_received', 'data_sent', 'cold_starts', 'iterations',
  'dropped_iterations', 'checks', 'http_req_blocked', 'http_req_tls_handshaking', 'http_req_sending', 'iteration_duration',
  'group_duration', 'vus', 'vus_max',
]

/** `thresholds`: as the threshold monitor judged them (threshold-monitor.ts). */
export function buildSummary(metrics: RunMetrics, meta: RunMeta, thresholds: ThresholdResult[] = []): Summary {
  const phases = [...metrics.phases.values()]
  const dropped = sum(phases, (p) => p.dropped)
  const iterations = sum(phases, (p) => p.iterations)
  // Of what the open-model phases scheduled: closed phases drop nothing.
  const open = phases.filter((p) => p.dropped > 0 || p.model === 'open')
  const scheduled = dropped + sum(open, (p) => p.iterations)
  const summary: Summary = {
    schema: SUMMARY_SCHEMA,
    scenario: meta.scenario,
    target: meta.target,
    startedAt: meta.startedAt.toISOString(),
    environment: meta.environment ?? runEnvironment(meta.target),
    protocols: [...metrics.protocols].sort(),
    seed: meta.seed ?? null,
    wallMs: round3(meta.wallMs),
    interrupted: meta.interrupted,
    stoppedBy: meta.stoppedBy ?? null,
    form: meta.form ?? 'phases',
    threads: meta.threads,
    iterations: meta.iterations ?? null,
    overall: {
      ...sliceSummary(metrics.overall, meta.wallMs),
      iterations,
      iterationErrors: sum(phases, (p) => p.iterationErrors),
      interruptedIterations: sum(phases, (p) => p.interrupted),
      droppedIterations: dropped,
      droppedShare: dropped === 0 ? 0 : dropped / scheduled,
      retries: metrics.retries,
    },
    statusClasses: statusClassSummaries(metrics),
    phases: phases.map(phaseSummary),
    scenarios: scenarioSummaries(phases),
    endpoints: endpointSummaries(metrics, meta.wallMs),
    errors: errorSummaries(metrics),
    checks: checkSummaries(metrics),
    iterationErrorMessages: metrics.iterationErrors.entries(),
    thresholds,
    thresholdsOk: thresholds.every((result) => result.ok),
    metrics: metricSummaries(metrics, meta.wallMs),
    series: metrics.series.rows(meta.startedAt.getTime()),
  }
  if (meta.streams?.length) summary.streams = meta.streams.map(streamSummary)
  return summary
}

/** The run's phase durations, used as the time base of a phase's throughput. */
export function phaseSpanMs(phase: PhaseMetrics): number {
  const start = phase.startMs ?? phase.firstMs ?? 0
  const end = phase.endMs ?? phase.lastMs ?? start
  return Math.max(0, end - start)
}

function phaseSummary(phase: PhaseMetrics): PhaseSummary {
  const durationMs = phaseSpanMs(phase)
  const startMs = phase.startMs ?? phase.firstMs ?? 0
  return {
    name: phase.name,
    scenario: phase.scenario ?? 'default',
    executor: phase.executor ?? null,
    model: phase.model ?? null,
    threads: phase.threads,
    startMs,
    endMs: startMs + durationMs,
    durationMs,
    iterations: phase.iterations,
    iterationErrors: phase.iterationErrors,
    interruptedIterations: phase.interrupted,
    droppedIterations: phase.dropped,
    droppedShare: phase.dropped === 0 ? 0 : phase.dropped / (phase.dropped + phase.iterations),
    ...sliceSummary(phase.stats, durationMs),
  }
}

/** Each scenario's phases added up; its span runs from its first phase's start to its last's end. */
function scenarioSummaries(phases: PhaseMetrics[]): ScenarioSummary[] {
  const groups = new Map<string, PhaseMetrics[]>()
  for (const phase of phases) {
    const name = phase.scenario ?? 'default'
    groups.set(name, [...(groups.get(name) ?? []), phase])
  }
  return [...groups].map(([name, members]) => {
    const stats = new RequestStats()
    for (const phase of members) stats.merge(phase.stats)
    const startMs = Math.min(...members.map((p) => p.startMs ?? p.firstMs ?? 0))
    const endMs = Math.max(...members.map((p) => (p.startMs ?? p.firstMs ?? 0) + phaseSpanMs(p)))
    return { name, phases: members.map((p) => p.name), startMs, endMs, ...sliceSummary(stats, endMs - startMs) }
  })
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
    return histogram && histogram.count > 0 ? [{ statusClass, count: histogram.count, latency: latencySummary(histogram), histogram: histogram.encode() }] : []
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

function metricSummaries(metrics: RunMetrics, wallMs: number): Record<string, MetricSummary> {
  const result: Record<string, MetricSummary> = {}
  for (const name of BASE_METRICS) {
    const values = builtInValues(metrics, wallMs, name)
    if (Object.keys(values).length > 0) result[name] = { type: METRICS[name]!.type, values }
  }
  const custom = customMetricTypes()
  for (const [name, aggregate] of metrics.customMetrics) {
    result[name] = { type: aggregate.type, values: aggregate.values(wallMs), ...(custom.get(name)?.time ? { time: true } : {}) }
  }
  for (const sink of metrics.sinks.sinks.values()) {
    // An untagged sink adds the percentiles its thresholds name to the metric's own values.
    const values = sink.whole.values(wallMs, sink.aggregates.filter((a) => a.startsWith('p(')))
    result[sink.key] = { ...result[sink.key], type: sink.type, values: { ...result[sink.key]?.values, ...values } }
  }
  return result
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0)
}
