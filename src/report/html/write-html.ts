// `--html FILE` and `report RUN --html FILE`: the run's page; `compare ... --html FILE`: the
// comparison page. Synchronous like writeSummaryJson, so an interrupted run still gets its page.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Summary } from '../summary-types.ts'
import type { Comparison } from '../compare/comparison-types.ts'
import { comparisonHtml } from './comparison-page.ts'
import { htmlReport } from './run-page.ts'

export function writeHtmlReport(file: string, summary: Summary): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, htmlReport(summary))
}

export function writeComparisonHtml(file: string, comparison: Comparison): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, comparisonHtml(comparison))
}
