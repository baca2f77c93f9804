// The tables printed after the standard block: phases, endpoints, errors, checks, thresholds,
// dropped iterations, cold starts and server time against network time.
import { customMetricTypes } from '../load/metrics/custom-metrics.ts'
import { METRICS } from '../load/metrics/metric-catalog.ts'
import { formatBytes, formatCount, formatMs, formatPercent, formatRate } from './format.ts'
import { streamLine } from './stream-summary.ts'
import { formatTable } from './table.ts'
import type { LatencySummary, Summary, ThresholdResult } from './summary-types.ts'

const LATENCY_HEADER = ['mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms']

/** Latency columns; '-' for a slice without requests, so an empty phase does not read as 0 ms. */
function latencyCells(latency: LatencySummary): string[] {
  if (latency.count === 0) return ['-', '-', '-', '-', '-']
  return [latency.mean, latency.p50, latency.p95, latency.p99, latency.max].map(formatMs)
}

/** One row per phase; with `scenarios`, one per scenario (they run in parallel) and its executor. */
export function phaseSection(summary: Summary): string[] {
  if (summary.phases.length === 0) return []
  const parallel = summary.form === 'scenarios'
  const rows = summary.phases.map((p) => [
    p.name, ...(parallel ? [p.executor ?? ''] : []), formatCount(p.threads), formatCount(p.requests), formatCount(p.successful),
    formatCount(p.durationMs), formatRate(p.throughput), ...latencyCells(p.latency),
  ])
  const header = [parallel ? 'scenario' : 'phase', ...(parallel ? ['executor'] : []), 'threads', 'requests', 'successful', 'time ms', 'req/s', ...LATENCY_HEADER]
  return [parallel ? 'Scenarios' : 'Phases', ...formatTable(header, rows, parallel ? { leftColumns: [1] } : undefined)]
}

export function endpointSection(summary: Summary): string[] {
  if (summary.endpoints.length === 0) return []
  const rows = summary.endpoints.map((e) => [
    e.name, e.method, formatCount(e.requests), formatCount(e.successful), formatCount(e.failed),
    formatRate(e.throughput), ...latencyCells(e.latency),
  ])
  const header = ['endpoint', 'method', 'requests', 'successful', 'failed', 'req/s', ...LATENCY_HEADER]
  return ['Endpoints', ...formatTable(header, rows, { leftColumns: [1] })]
}

export function errorSection(summary: Summary): string[] {
  if (summary.errors.length === 0) return ['Errors by kind: none']
  const total = summary.overall.requests || 1
  const rows = summary.errors.map((e) => [e.kind, formatCount(e.count), formatPercent(e.count / total)])
  return ['Errors by kind', ...formatTable(['kind', 'count', 'of requests'], rows)]
}

export function checkSection(summary: Summary): string[] {
  if (summary.checks.length === 0) return []
  const rows = summary.checks.map((c) => [
    `${c.fails === 0 ? '✓' : '✗'} ${c.name}`, formatCount(c.passes), formatCount(c.fails), formatPercent(c.rate),
  ])
  return ['Checks', ...formatTable(['check', 'passes', 'fails', 'pass rate'], rows)]
}

export function thresholdSection(summary: Summary): string[] {
  if (summary.thresholds.length === 0) return []
  const rows = summary.thresholds.map((t) => [
    `${t.ok ? '✓' : '✗'} ${t.metric}`, t.expression, formatActual(t), thresholdNotes(t),
  ])
  const failed = summary.thresholds.filter((t) => !t.ok).length
  const title = failed === 0 ? 'Thresholds: all passed' : `Thresholds: ${failed} of ${summary.thresholds.length} failed`
  return [title, ...formatTable(['metric', 'threshold', 'actual', ''], rows, { leftColumns: [1] })]
}

export function thresholdNotes(t: ThresholdResult): string {
  const notes: string[] = []
  if (t.window) notes.push(`worst ${t.window} window${t.breachedAtMs !== undefined ? `, first breach at ${formatSeconds(t.breachedAtMs)}` : ''}`)
  if (t.aborted) notes.push('stopped the run')
  else if (t.abortOnFail) notes.push('abortOnFail')
  return notes.join('; ')
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** The measured value in the threshold's own unit: ms for time trends, a share for rates. */
export function formatActual(t: ThresholdResult): string {
  if (t.actual === null) return 'no data'
  const name = t.metric.replace(/\{.*$/, '').trim()
  const type = METRICS[name]?.type ?? customMetricTypes().get(name)?.type
  if (type === 'trend' && !METRICS[name] && !customMetricTypes().get(name)?.time) return String(Number(t.actual.toPrecision(6)))
  if (type === 'gauge') return String(t.actual)
  if (type === 'trend') return `${formatMs(t.actual)} ms`
  if (t.aggregate === 'count') return formatCount(t.actual)
  if (type === 'counter') return `${formatRate(t.actual)}/s`
  return `${formatPercent(t.actual)} (${Number(t.actual.toPrecision(4))})`
}

/** Rate phases: the two latencies wrk2's -U prints, side by side, so nobody mistakes one for the other. */
export function openModelSection(summary: Summary): string[] {
  const o = summary.overall
  if (!o.uncorrected || !o.corrected) return []
  const rows = [
    ['corrected: from the scheduled start', ...latencyCells(o.corrected)],
    ['uncorrected: from the actual send', ...latencyCells(o.uncorrected)],
  ]
  const open = summary.phases.filter((p) => p.uncorrected).map((p) => p.name).join(', ')
  return [`Open model (${open}, ${o.corrected.count} requests): latency counts from each iteration's scheduled start`, ...formatTable(['', ...LATENCY_HEADER], rows)]
}

export function droppedSection(summary: Summary): string[] {
  if (summary.overall.droppedIterations === 0) return []
  const perPhase = summary.phases.filter((p) => p.droppedIterations > 0).map((p) => `${p.name} ${p.droppedIterations}`)
  return [`Dropped iterations by phase: ${perPhase.join(', ')} (no free thread and the wait queue full: raise maxThreads)`]
}

/** Each stream's `Output` line (`--out name=target`, the dashboard): what it got through and lost. */
export function streamSection(summary: Summary): string[] {
  return (summary.streams ?? []).map(streamLine)
}

/** Custom metrics (custom-metrics.ts), each with its type's values. */
export function customMetricSection(summary: Summary): string[] {
  const custom = customMetricTypes()
  const rows = [...custom.keys()].filter((name) => summary.metrics[name]).map((name) => {
    const { type, values, time } = summary.metrics[name]!
    const shown = Object.entries(values).filter(([k]) => type !== 'rate' || k === 'rate')
    return [name, type, shown.map(([k, v]) => `${k}=${type === 'rate' ? formatPercent(v) : time ? `${formatMs(v)}ms` : String(Number(v.toPrecision(6)))}`).join('  ')]
  })
  return rows.length ? ['Custom metrics', ...formatTable(['metric', 'type', 'values'], rows, { leftColumns: [1, 2] })] : []
}

export function transferSection(summary: Summary): string[] {
  const o = summary.overall
  const failed = o.iterationErrors > 0 ? ` (${o.iterationErrors} threw an error)` : ''
  const interrupted = o.interruptedIterations ? `, interrupted: ${o.interruptedIterations}` : ''
  return [...targetLine(summary), `Data: received ${formatBytes(o.bytesIn)}, sent ${formatBytes(o.bytesOut)}; iterations completed: ${o.iterations}${failed}${interrupted}`]
}

/** k6's built-in metrics beside the request latency, in k6's order (the report's and the HTML page's "k6 metrics"). */
const K6_METRICS = [
  'iteration_duration', 'group_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking', 'http_req_sending',
  'http_req_waiting', 'http_req_receiving', 'vus', 'vus_max',
] as const

/** [metric, values] of each k6 metric the run measured, values as k6's summary prints them. */
export function k6MetricRows(summary: Summary): [string, string][] {
  return K6_METRICS.filter((name) => summary.metrics[name]).map((name) => {
    const { values } = summary.metrics[name]!
    const time = METRICS[name]!.time
    return [name, Object.entries(values).map(([k, v]) => `${k}=${time ? `${formatMs(v)}ms` : String(Number(v.toPrecision(6)))}`).join('  ')]
  })
}

export function k6MetricSection(summary: Summary): string[] {
  const rows = k6MetricRows(summary)
  return rows.length ? ['k6 metrics', ...formatTable(['metric', 'values'], rows, { leftColumns: [1, 2] })] : []
}

/** The most frequent iteration errors (all of them are in the JSON's iterationErrorMessages). */
export function iterationErrorSection(summary: Summary): string[] {
  const entries = summary.iterationErrorMessages ?? []
  if (entries.length === 0) return []
  const shown = entries.slice(0, 5).map((e) => [String(e.count), e.message, e.at || '(unknown)'])
  const more = entries.length > 5 ? [`  ... and ${entries.length - 5} other message(s): see --out's iterationErrorMessages`] : []
  return ['Iteration errors', ...formatTable(['count', 'error', 'first thrown at'], shown, { leftColumns: [2, 3] }), ...more]
}

/** `Target: https://x (--target) over HTTP/2.0`: what the connections spoke, known only once they opened. */
function targetLine(summary: Summary): string[] {
  const protocols = summary.protocols ?? []
  return protocols.length ? [`Target: ${summary.target} over ${protocols.join(' and ')}`] : []
}

export function serverTimeSection(summary: Summary): string[] {
  const o = summary.overall
  if (o.serverTime === null && o.coldStarts === 0) return []
  const init = o.initTime ? ` (init, as the service reported it: p50 ${formatMs(o.initTime.p50)} ms, max ${formatMs(o.initTime.max)} ms)` : ''
  const lines = [`Cold starts: ${o.coldStarts}${init}`]
  if (o.serverTime === null) return lines
  const rows = [['server (Server-Timing app)', ...latencyCells(o.serverTime)]]
  if (o.networkTime) rows.push(['network + client (latency - server)', ...latencyCells(o.networkTime)])
  const share = o.serverTime.count === o.requests ? '' : ` (${o.serverTime.count} of ${o.requests} responses carried it)`
  return [...lines, `Server time vs network time${share}`, ...formatTable(['', ...LATENCY_HEADER], rows)]
}
