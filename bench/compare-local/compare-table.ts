// compare:local's table is `node runner compare` of the runs it made (one column per runtime,
// changes and verdicts against the first), then the store each runtime used, the cold starts and
// their init (the local Lambda's environments), and why a runtime has no column.
import { compareRuns } from '../../src/report/compare/compare-runs.ts'
import type { Comparison } from '../../src/report/compare/comparison-types.ts'
import { comparisonText } from '../../src/report/compare/comparison-text.ts'
import { decodeSummary } from '../../src/report/summary-read.ts'
import type { Summary } from '../../src/report/summary.ts'
import { environmentLines } from './environments.ts'
import type { EnvironmentFigures } from './environments.ts'

/** One runtime's column: its run's summary, or why it has none. */
export interface RuntimeColumn {
  runtime: string
  /** What /health reported after the run, e.g. "sqlite (node:sqlite)". */
  store?: string
  summary?: Summary
  /** Why the runtime was not measured (binary cannot run, entry failed, runner failed). */
  missing?: string
  /** The local Lambda's record of its environments (cold starts, init, 429s); undefined for a server. */
  environments?: EnvironmentFigures
}

export interface LocalComparison {
  /** Undefined when no runtime was measured. */
  comparison: Comparison | undefined
  lines: string[]
}

/** The measured runtimes compared against the first measured one; the others as notes under it. */
export function compareColumns(columns: RuntimeColumn[]): LocalComparison {
  const measured = columns.filter((c) => c.summary)
  const notes = columns.filter((c) => c.missing).map((c) => `  ${c.runtime}: not measured: ${c.missing}`)
  if (measured.length === 0) return { comparison: undefined, lines: ['No runtime was measured.', ...notes] }
  const comparison = compareRuns(measured.map((c) => ({ label: c.runtime, loaded: decodeSummary(c.summary, c.runtime) })))
  // The stores are words, not figures: listed under the table rather than widening its columns.
  const width = Math.max(...measured.map((c) => c.runtime.length))
  const stores = ['Stores:', ...measured.map((c) => `  ${c.runtime.padEnd(width)}  ${c.store ?? '-'}`)]
  return { comparison, lines: [...comparisonText(comparison), ...stores, ...environmentLines(measured), ...(notes.length ? ['', ...notes] : [])] }
}
