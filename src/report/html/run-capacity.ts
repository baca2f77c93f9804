// A capacity run's section of the run page (docs/capacity.md): latency percentiles and errors
// against the offered rate (the "hockey stick"), the knee marked, the verdict with the two steps
// that bracket it, and every step in the order run.
import { formatMs, formatPercent, formatRate } from '../format.ts'
import type { CapacityStep, CapacitySummary } from '../summary-types.ts'
import { parseSlo } from '../../capacity/slo.ts'
import { stepResult } from '../capacity-text.ts'
import { escapeHtml } from './escape.ts'
import { chartBox, htmlTable, num, section, type CellInput } from './html-table.ts'

/** What the browser draws: one point per step, in order of offered rate. */
export interface CapacityChart {
  /** Offered iterations per second. */
  rates: number[]
  p50: number[]
  p90: number[]
  p99: number[]
  /** Error rate of each step, in percent. */
  errors: number[]
  /** The capacity (a vertical line), and the latency objectives' limits (horizontal lines). */
  knee: number | null
  limits: { label: string; ms: number }[]
}

export function capacityChart(capacity: CapacitySummary): CapacityChart {
  const steps = [...capacity.steps].sort((a, b) => a.rate - b.rate)
  return {
    rates: steps.map((s) => s.rate),
    p50: steps.map((s) => s.p50Ms),
    p90: steps.map((s) => s.p90Ms),
    p99: steps.map((s) => s.p99Ms),
    errors: steps.map((s) => s.errorRate * 100),
    knee: capacity.capacity,
    limits: latencyLimits(capacity),
  }
}

/** Latency objectives (`p(99)<200ms`) as lines to draw, read again from the objective as given. */
function latencyLimits(capacity: CapacitySummary): { label: string; ms: number }[] {
  try {
    return parseSlo(capacity.slo).filter((o) => o.kind === 'latency').map((o) => ({ label: o.text, ms: o.limit }))
  } catch {
    // A summary edited by hand: the chart goes without the lines.
    return []
  }
}

export function capacitySectionHtml(capacity: CapacitySummary): string {
  const note = 'Each point is one step of the search at a constant arrival rate: p50, p90 and p99 of its requests (left, ms) and its error rate (right, %, arrivals the generator dropped counted as errors). The dashed vertical line is the capacity; dashed horizontal lines are the latency objectives.'
  return section('capacity', 'Breaking point', [
    `<p id="capacity-verdict" data-verdict="${escapeHtml(capacity.verdict)}" data-value="${capacity.capacity ?? ''}"><strong>${escapeHtml(capacity.message)}</strong></p>`,
    `<p class="chart-note">Objective: ${escapeHtml(capacity.objectives.join(', '))}; each step ${capacity.settings.stepSeconds} s.</p>`,
    chartBox('chart-capacity', 'Latency and errors against offered load', note, 300),
    `<div class="table-block"><h3>Steps, in the order run</h3>${stepTable(capacity.steps)}</div>`,
  ].join('\n'), true)
}

function stepTable(steps: CapacityStep[]): string {
  const rows: CellInput[][] = steps.map((s) => [
    { text: s.phase, key: 'phase', value: s.phase, cls: 'text' },
    num('rate', s.rate, String),
    num('throughput', s.throughput, formatRate),
    num('p50', s.p50Ms, formatMs),
    num('p90', s.p90Ms, formatMs),
    num('p99', s.p99Ms, formatMs),
    num('errorRate', s.errorRate, formatPercent),
    num('loopBusy', s.generator.loopBusy, formatPercent),
    num('cpu', s.generator.cpu, formatPercent),
    num('loopDelayP99', s.generator.loopDelayP99Ms, formatMs),
    { text: stepResult(s), key: 'held', value: String(s.held), cls: `text ${s.held ? 'ok' : 'bad'}` },
  ])
  const columns = [{ title: 'step', text: true }, 'offered/s', 'answered/s', 'p50 ms', 'p90 ms', 'p99 ms', 'errors', 'generator loop busy', 'generator CPU', 'loop delay p99 ms', { title: 'result', text: true }]
  return htmlTable('capacity-table', columns, rows, 'no step ran')
}

