// `compare:local --capacity`: each runtime's breaking point side by side, one row a runtime, from
// the summaries of `node runner capacity` against each (docs/capacity.md): the capacity, the
// steps that bracket it with their figures, the cold starts it took, and the store it used.
import { formatMs, formatPercent, formatRate } from '../../src/report/format.ts'
import type { CapacityStep } from '../../src/report/summary-types.ts'
import { formatTable } from '../../src/report/table.ts'
import { errorKinds } from '../../src/report/capacity-text.ts'
import type { RuntimeColumn } from './compare-table.ts'

/** What each runtime's search is run with. */
export interface CapacityLoad {
  scenario: string
  slo: string
  startRate?: number
  maxRate?: number
}

/** The runner's arguments for one runtime's search (the target and --out are added per runtime). */
export function capacityArgs(load: CapacityLoad): string[] {
  const args = ['capacity', '--scenario', load.scenario, '--slo', load.slo]
  if (load.startRate !== undefined) args.push('--start-rate', String(load.startRate))
  if (load.maxRate !== undefined) args.push('--max-rate', String(load.maxRate))
  return args
}

/** After these exit codes a capacity summary was written: 0 a capacity, 1 none (generator, limits), 99 failed even at the lowest rate. */
export const CAPACITY_WRITTEN = [0, 1, 99]

export function capacityLines(columns: RuntimeColumn[], load: CapacityLoad): string[] {
  const measured = columns.filter((c) => c.summary?.capacity)
  const notes = columns.filter((c) => !c.summary?.capacity).map((c) => `  ${c.runtime}: not measured: ${c.missing ?? 'its summary has no capacity search'}`)
  if (measured.length === 0) return ['No runtime was measured.', ...notes]
  const rows = measured.map((c) => {
    const capacity = c.summary!.capacity!
    return [
      c.runtime,
      capacity.capacity === null ? '-' : String(capacity.capacity),
      capacity.verdict,
      step(capacity.held),
      step(capacity.failed),
      capacity.uncertainty === null ? '-' : formatPercent(capacity.uncertainty),
      String(c.summary!.overall.coldStarts),
      formatPercent(Math.max(...capacity.steps.map((s) => s.generator.loopBusy))),
      c.store ?? '-',
    ]
  })
  return [
    `Breaking points (iterations/s within ${load.slo}; each step ${measured[0]!.summary!.capacity!.settings.stepSeconds} s at a constant arrival rate):`,
    ...formatTable(['runtime', 'capacity/s', 'verdict', 'last held: rate, answered/s, p99, errors', 'first failed: rate, answered/s, p99, errors', '±', 'cold starts', 'generator loop max', 'store'],
      rows, { leftColumns: [2, 3, 4, 8] }),
    '',
    ...measured.map((c) => `  ${c.runtime}: ${c.summary!.capacity!.message}`),
    ...(notes.length ? ['', ...notes] : []),
  ]
}

function step(s: CapacityStep | null): string {
  if (!s) return '-'
  const kinds = errorKinds(s, 1)
  return `${s.rate}/s, ${formatRate(s.throughput)}/s, ${formatMs(s.p99Ms)} ms, ${formatPercent(s.errorRate)}${kinds ? ` (${kinds})` : ''}`
}
