// The run page's tables of requests: per phase (and per scenario when they ran in parallel), per
// endpoint, per status class, the errors by kind, and the run's streams.
import { formatCount, formatPercent, formatRate } from '../format.ts'
import type { Summary } from '../summary-types.ts'
import { htmlTable, LATENCY_COLUMNS, latencyCells, name, num, type CellInput } from './html-table.ts'

const seconds = (ms: number) => (ms / 1000).toFixed(1)

export function phaseTable(summary: Summary): string {
  const parallel = summary.form === 'scenarios'
  const rows: CellInput[][] = summary.phases.map((p) => [
    name(p.name),
    ...(parallel ? [name(p.scenario, 'scenario'), { text: p.executor ?? '', key: 'executor', cls: 'text' }] : []),
    num('threads', p.threads, formatCount),
    num('startMs', p.startMs, seconds),
    num('durationMs', p.durationMs, seconds),
    num('requests', p.requests, formatCount),
    num('failed', p.failed, formatCount),
    num('throughput', p.throughput, formatRate),
    ...latencyCells(p.latency),
    num('droppedIterations', p.droppedIterations, formatCount),
  ])
  const columns = [
    { title: 'phase', text: true },
    ...(parallel ? [{ title: 'scenario', text: true }, { title: 'executor', text: true }] : []),
    'threads', 'start s', 'time s', 'requests', 'failed', 'req/s', ...LATENCY_COLUMNS, 'dropped',
  ]
  return htmlTable('phases-table', columns, rows, 'no phase ran')
}

/** Scenarios that ran in parallel, one row each (all its phases). */
export function scenarioTable(summary: Summary): string {
  const rows: CellInput[][] = summary.scenarios.map((s) => [
    name(s.name),
    num('startMs', s.startMs, seconds),
    num('durationMs', s.endMs - s.startMs, seconds),
    num('requests', s.requests, formatCount),
    num('failed', s.failed, formatCount),
    num('throughput', s.throughput, formatRate),
    ...latencyCells(s.latency),
  ])
  return htmlTable('scenarios-table', [{ title: 'scenario', text: true }, 'start s', 'time s', 'requests', 'failed', 'req/s', ...LATENCY_COLUMNS], rows)
}

export function endpointTable(summary: Summary): string {
  const rows: CellInput[][] = summary.endpoints.map((e) => [
    name(e.name),
    { text: e.method, key: 'method', value: e.method, cls: 'text' },
    num('requests', e.requests, formatCount),
    num('failed', e.failed, formatCount),
    num('throughput', e.throughput, formatRate),
    ...latencyCells(e.latency),
  ])
  return htmlTable('endpoints-table', [{ title: 'endpoint', text: true }, { title: 'method', text: true }, 'requests', 'failed', 'req/s', ...LATENCY_COLUMNS], rows, 'no request was sent')
}

export function statusClassTable(summary: Summary): string {
  const rows: CellInput[][] = summary.statusClasses.map((c) => [
    { text: c.statusClass, key: 'statusClass', value: c.statusClass, cls: 'text' },
    num('count', c.count, formatCount),
    ...latencyCells(c.latency),
  ])
  return htmlTable('status-table', [{ title: 'status', text: true }, 'responses', ...LATENCY_COLUMNS], rows, 'no response')
}

export function errorTable(summary: Summary): string {
  const total = summary.overall.requests || 1
  const rows: CellInput[][] = summary.errors.map((e) => [
    name(e.kind, 'kind'),
    num('count', e.count, formatCount),
    num('share', e.count / total, formatPercent),
  ])
  return htmlTable('errors-table', [{ title: 'kind', text: true }, 'count', 'of requests'], rows, 'no errors')
}

/** Open-model phases: latency from the scheduled start (what users wait) and from the send. */
export function openModelTable(summary: Summary): string {
  const o = summary.overall
  if (!o.corrected || !o.uncorrected) return ''
  const rows: CellInput[][] = [
    [{ text: 'corrected: from the scheduled start', cls: 'text' }, ...latencyCells(o.corrected)],
    [{ text: 'uncorrected: from the actual send', cls: 'text' }, ...latencyCells(o.uncorrected)],
  ]
  return `<div class="table-block"><h3>Open model: coordinated omission</h3>${htmlTable('open-model-table', ['', ...LATENCY_COLUMNS], rows)}</div>`
}

/** The run's streams (`--out name=target`, the dashboard): what each got through and lost, and why; nothing without streams. */
export function streamTable(summary: Summary): string {
  if (!summary.streams?.length) return ''
  const rows: CellInput[][] = summary.streams.map((s) => [
    name(s.name, 'output'),
    name(s.target, 'target'),
    num('written', s.written, formatCount),
    num('dropped', s.dropped, formatCount),
    { text: s.error ?? '', key: 'error', cls: 'text' },
  ])
  const columns = [{ title: 'output', text: true }, { title: 'target', text: true }, 'points written', 'dropped', { title: 'last error', text: true }]
  return `<div class="table-block"><h3>Streams</h3>${htmlTable('streams-table', columns, rows)}</div>`
}
