// `--csv FILE.csv`: one row per second since the start, for plotting throughput and latency over
// time as the later course clients did.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Summary } from './summary-types.ts'

export const SERIES_CSV_HEADER = 'second,requests,errors,p50_ms,p99_ms,vus'

export function seriesCsv(summary: Summary): string {
  const rows = summary.series.map((r) => [r.second, r.requests, r.errors, round3(r.p50Ms), round3(r.p99Ms), r.vus].join(','))
  return [SERIES_CSV_HEADER, ...rows].join('\n') + '\n'
}

/** Synchronous, like writeSummaryJson, so an interrupted run still leaves its file. */
export function writeSeriesCsv(file: string, summary: Summary): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, seriesCsv(summary))
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000
}
