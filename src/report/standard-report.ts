// The standard report (DESIGN §7): the original course client's block, corrected (units, real
// median, p95 and p99 under their own labels, µs resolution), then the tables.
import { formatMs, formatRate } from './format.ts'
import {
  checkSection, droppedSection, endpointSection, errorSection, phaseSection, serverTimeSection, thresholdSection, transferSection,
} from './report-sections.ts'
import type { Summary } from './summary-types.ts'

export const INTERRUPTED_LINE = 'Interrupted: partial report (the run was stopped before it finished)'

export function standardBlock(summary: Summary): string[] {
  const o = summary.overall
  return [
    '=====',
    `Total number of requests sent: ${o.requests}`,
    `Total number of Successful responses: ${o.successful}`,
    `Test Wall Time: ${Math.round(summary.wallMs)} ms`,
    `Overall throughput across all phases: ${formatRate(o.throughput)} requests/s`,
    `Mean latency for all requests: ${formatMs(o.latency.mean)} ms`,
    `Median latency for all requests: ${formatMs(o.latency.p50)} ms`,
    `95th percentile latency: ${formatMs(o.latency.p95)} ms`,
    `99th percentile latency: ${formatMs(o.latency.p99)} ms`,
  ]
}

export function formatReport(summary: Summary): string {
  const sections = [
    phaseSection(summary),
    endpointSection(summary),
    errorSection(summary),
    checkSection(summary),
    thresholdSection(summary),
    droppedSection(summary),
    serverTimeSection(summary),
    transferSection(summary),
  ].filter((section) => section.length > 0)
  const head = summary.interrupted ? [INTERRUPTED_LINE, ...standardBlock(summary)] : standardBlock(summary)
  const tail = summary.interrupted ? ['', INTERRUPTED_LINE] : []
  return [...head, ...sections.flatMap((section) => ['', ...section]), ...tail].join('\n') + '\n'
}
