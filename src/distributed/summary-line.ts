/**
 * A summary on one marked line of standard output (`--out -`), so a pod's log carries it:
 * `kubectl logs -l job-name=... | node runner merge -` finds the marked lines among the rest.
 */
import type { Summary } from '../report/summary-types.ts'

export const SUMMARY_MARK = 'EDGELOAD_SUMMARY '

export function summaryLine(summary: Summary): string {
  return SUMMARY_MARK + JSON.stringify(summary) + '\n'
}

/**
 * The JSON text a line carries: after the mark (anywhere, so `kubectl logs --prefix` works), or
 * the whole line when it is a JSON object (summaries one per line); undefined for other lines.
 */
export function summaryText(line: string): string | undefined {
  const at = line.indexOf(SUMMARY_MARK)
  if (at >= 0) return line.slice(at + SUMMARY_MARK.length).trim()
  const trimmed = line.trim()
  return trimmed.startsWith('{') && trimmed.endsWith('}') ? trimmed : undefined
}
