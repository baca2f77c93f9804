// The standard report (docs/report.md): the original course client's block, corrected (units, real
// median, p95 and p99 under their own labels, µs resolution), then the tables.
import { capacitySection } from './capacity-text.ts'
import { formatMs, formatPercent, formatRate } from './format.ts'
import {
  checkSection, customMetricSection, droppedSection, endpointSection, errorSection, openModelSection, phaseSection, serverTimeSection, streamSection,
  thresholdSection, transferSection, iterationErrorSection, k6MetricSection,
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
    // The open model's honesty: iterations that never ran are part of the result.
    ...(hasOpenModel(summary) ? [`Dropped iterations: ${o.droppedIterations} (${formatPercent(o.droppedShare)} of scheduled)`] : []),
  ]
}

function hasOpenModel(summary: Summary): boolean {
  return summary.overall.droppedIterations > 0 || summary.phases.some((p) => p.model === 'open')
}

/** The first line of a run an abortOnFail threshold stopped. */
export function stoppedLine(summary: Summary): string | undefined {
  const by = summary.stoppedBy
  return by ? `Stopped by threshold ${by.threshold} (abortOnFail) at ${(by.atMs / 1000).toFixed(1)} s: partial report` : undefined
}

export function formatReport(summary: Summary): string {
  const sections = [
    capacitySection(summary),
    phaseSection(summary),
    endpointSection(summary),
    errorSection(summary),
    iterationErrorSection(summary),
    checkSection(summary),
    customMetricSection(summary),
    k6MetricSection(summary),
    thresholdSection(summary),
    openModelSection(summary),
    droppedSection(summary),
    streamSection(summary),
    serverTimeSection(summary),
    transferSection(summary),
  ].filter((section) => section.length > 0)
  const stopped = stoppedLine(summary)
  const banner = stopped ?? (summary.interrupted ? INTERRUPTED_LINE : undefined)
  const head = banner ? [banner, ...standardBlock(summary)] : standardBlock(summary)
  const tail = banner ? ['', banner] : []
  return [...head, ...sections.flatMap((section) => ['', ...section]), ...tail].join('\n') + '\n'
}
