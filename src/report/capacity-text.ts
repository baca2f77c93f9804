// A capacity run's search in the printed report (docs/capacity.md): one row per step in the order
// run, then the knee with the two steps that bracket it, or why there is none.
import { formatMs, formatPercent, formatRate } from './format.ts'
import { formatTable } from './table.ts'
import type { CapacityStep, CapacitySummary, Summary } from './summary-types.ts'

export function capacitySection(summary: Summary): string[] {
  const capacity = summary.capacity
  if (!capacity) return []
  return [
    `Capacity search (objective ${capacity.objectives.join(', ')}; each step ${stepLength(capacity)} at a constant arrival rate):`,
    ...formatTable(
      ['Step', 'Offered/s', 'Answered/s', 'p50 ms', 'p90 ms', 'p99 ms', 'Errors', 'Generator loop', 'CPU', 'Result'],
      capacity.steps.map((step, i) => [
        String(i + 1), String(step.rate), formatRate(step.throughput), formatMs(step.p50Ms), formatMs(step.p90Ms), formatMs(step.p99Ms),
        formatPercent(step.errorRate), formatPercent(step.generator.loopBusy), formatPercent(step.generator.cpu), stepResult(step),
      ]),
    ),
    '',
    ...capacityLines(capacity),
  ]
}

/** `10 s`, or `at least 10 s` when a step ran longer to bring the requests its percentiles need. */
function stepLength(capacity: CapacitySummary): string {
  const least = capacity.settings.stepSeconds
  return capacity.steps.some((s) => (s.scheduledSeconds ?? least) > least) ? `at least ${least} s (longer where a percentile needed more requests)` : `${least} s`
}

/** The verdict and, when there are both, the steps that bracket the knee with their figures. */
export function capacityLines(capacity: CapacitySummary): string[] {
  const lines = [`Capacity: ${capacity.message}`]
  if (capacity.held) lines.push(`  last rate that held:  ${figures(capacity.held)}`)
  if (capacity.failed) lines.push(`  first rate that failed: ${figures(capacity.failed)}`)
  return lines
}

function figures(step: CapacityStep): string {
  const judged = step.objectives.map((o) => `${o.objective.replace(/[<=]+.*/, '')} ${o.objective.startsWith('error_rate') ? formatPercent(o.actual) : `${formatMs(o.actual)} ms`} ${o.ok ? '✓' : '✗'}`)
  return `${step.rate}/s offered, ${formatRate(step.throughput)}/s answered, ${judged.join(', ')}${step.errors.length ? ` (errors: ${errorKinds(step)})` : ''}`
}

/** The step's most frequent errors: `http 429 ×84, timeout ×3`. */
export function errorKinds(step: CapacityStep, most = 3): string {
  return (step.errors ?? []).slice(0, most).map((e) => `${e.kind} ×${e.count}`).join(', ')
}

/** What became of a step: held, failed (and on what), or not judged. */
export function stepResult(step: CapacityStep): string {
  if (step.held === null) return `not judged: ${step.unjudged}`
  if (step.held) return 'held'
  const missed = step.objectives.filter((o) => !o.ok && !o.unjudged).map((o) => o.objective.replace(/[<=]+.*/, '')).join(', ')
  const kinds = errorKinds(step, 1)
  return step.generatorSaturated ? `failed (${missed}): generator saturated` : `failed (${missed || 'no answer'}${kinds ? `; ${kinds}` : ''})`
}

