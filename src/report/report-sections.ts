// The tables printed after the standard block: phases, endpoints, errors, checks, thresholds,
// dropped iterations, cold starts and server time against network time.
import { METRICS } from '../load/metrics/metric-catalog.ts'
import { formatBytes, formatCount, formatMs, formatPercent, formatRate } from './format.ts'
import { formatTable } from './table.ts'
import type { LatencySummary, Summary, ThresholdResult } from './summary-types.ts'

const LATENCY_HEADER = ['mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms']

/** Latency columns; '-' for a slice without requests, so an empty phase does not read as 0 ms. */
function latencyCells(latency: LatencySummary): string[] {
  if (latency.count === 0) return ['-', '-', '-', '-', '-']
  return [latency.mean, latency.p50, latency.p95, latency.p99, latency.max].map(formatMs)
}

export function phaseSection(summary: Summary): string[] {
  if (summary.phases.length === 0) return []
  const rows = summary.phases.map((p) => [
    p.name, formatCount(p.threads), formatCount(p.requests), formatCount(p.successful),
    formatCount(p.durationMs), formatRate(p.throughput), ...latencyCells(p.latency),
  ])
  const header = ['phase', 'threads', 'requests', 'successful', 'time ms', 'req/s', ...LATENCY_HEADER]
  return ['Phases', ...formatTable(header, rows)]
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
    `${t.ok ? '✓' : '✗'} ${t.metric}`, t.expression, formatActual(t), t.abortOnFail ? 'abortOnFail' : '',
  ])
  const failed = summary.thresholds.filter((t) => !t.ok).length
  const title = failed === 0 ? 'Thresholds: all passed' : `Thresholds: ${failed} of ${summary.thresholds.length} failed`
  return [title, ...formatTable(['metric', 'threshold', 'actual', ''], rows, { leftColumns: [1] })]
}

/** The measured value in the threshold's own unit: ms for trends, a share for rates. */
function formatActual(t: ThresholdResult): string {
  if (t.actual === null) return 'no data'
  const type = METRICS[t.metric.replace(/\{.*$/, '').trim()]?.type
  if (type === 'trend') return `${formatMs(t.actual)} ms`
  if (t.aggregate === 'count') return formatCount(t.actual)
  if (type === 'counter') return `${formatRate(t.actual)}/s`
  return `${formatPercent(t.actual)} (${Number(t.actual.toPrecision(4))})`
}

export function droppedSection(summary: Summary): string[] {
  if (summary.overall.droppedIterations === 0) return []
  const perPhase = summary.phases.filter((p) => p.droppedIterations > 0).map((p) => `${p.name} ${p.droppedIterations}`)
  return [`Dropped iterations: ${summary.overall.droppedIterations} (${perPhase.join(', ')})`]
}

export function transferSection(summary: Summary): string[] {
  const o = summary.overall
  const failed = o.iterationErrors > 0 ? ` (${o.iterationErrors} threw an error)` : ''
  return [`Data: received ${formatBytes(o.bytesIn)}, sent ${formatBytes(o.bytesOut)}; iterations completed: ${o.iterations}${failed}`]
}

export function serverTimeSection(summary: Summary): string[] {
  const o = summary.overall
  if (o.serverTime === null && o.coldStarts === 0) return []
  const lines = [`Cold starts: ${o.coldStarts}`]
  if (o.serverTime === null) return lines
  const rows = [['server (Server-Timing app)', ...latencyCells(o.serverTime)]]
  if (o.networkTime) rows.push(['network + client (latency - server)', ...latencyCells(o.networkTime)])
  const share = o.serverTime.count === o.requests ? '' : ` (${o.serverTime.count} of ${o.requests} responses carried it)`
  return [...lines, `Server time vs network time${share}`, ...formatTable(['', ...LATENCY_HEADER], rows)]
}
