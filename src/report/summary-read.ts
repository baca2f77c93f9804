// Reads a summary back (a file, or what the history stored), of either schema, into one form
// with live histograms: what `compare`, `report` and `merge` work on. A /1 summary (before
// histograms) is brought to the /2 shape with empty histograms and `version: 1`, so its readers
// know which figures are missing rather than guessing.
import { readFileSync } from 'node:fs'
import { LatencyHistogram } from '../load/metrics/latency-histogram.ts'
import type { SecondRow } from '../load/metrics/second-series.ts'
import { UsageError } from '../load/run-errors.ts'
import { summaryProblem } from './summary-shape.ts'
import { SUMMARY_SCHEMA, SUMMARY_SCHEMA_V1, type SliceSummary, type Summary } from './summary-types.ts'

export interface LoadedSecond {
  row: SecondRow
  /** The second's latencies (2 significant digits); undefined for a /1 summary or an empty second. */
  histogram: LatencyHistogram | undefined
}

export interface LoadedSummary {
  /** In the /2 shape; a /1 file's histogram fields are '' and its environment 'unknown'. */
  summary: Summary
  /** The schema the source had: 1 carries no histograms (no per-second p90/max, no resampling). */
  version: 1 | 2
  /** Where it came from, for messages and column heads: a file path or `run 12`. */
  source: string
  /** The whole run's latency histogram (µs, 3 digits); undefined for /1 or a run without requests. */
  latency: LatencyHistogram | undefined
  seconds: LoadedSecond[]
}

/** Reads and decodes a summary JSON file; a missing, unreadable, corrupt or foreign file is a UsageError (exit 2). */
export function readSummaryFile(file: string): LoadedSummary {
  const text = readTextFile(file)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`)
  }
  return decodeSummary(json, file)
}

/** A file's text; a missing or unreadable file is a UsageError naming it. */
export function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read it (${code ?? (error as Error).message})`)
  }
}

/** Decodes parsed JSON; anything but an edgeload summary of schema /1 or /2 is a UsageError. */
export function decodeSummary(json: unknown, source: string): LoadedSummary {
  const record = json as Record<string, unknown> | null
  const schema = record && typeof record === 'object' && !Array.isArray(record) ? record.schema : undefined
  if (schema !== SUMMARY_SCHEMA && schema !== SUMMARY_SCHEMA_V1) {
    const said = typeof schema === 'string' ? `its schema is ${JSON.stringify(schema)}` : 'it has no "schema" field'
    throw new UsageError(`${source}: not an edgeload summary (${said}; expected ${SUMMARY_SCHEMA} or ${SUMMARY_SCHEMA_V1})`)
  }
  const version = schema === SUMMARY_SCHEMA ? 2 : 1
  const problem = summaryProblem(record!, version === 2)
  if (problem) throw new UsageError(`${source}: a damaged edgeload summary: ${problem}`)
  const summary = version === 2 ? (record as unknown as Summary) : upgradeV1(record!)
  try {
    return {
      summary,
      version,
      source,
      latency: sliceLatency(summary.overall),
      seconds: summary.series.map((row) => ({ row, histogram: row.histogram ? LatencyHistogram.decode(row.histogram) : undefined })),
    }
  } catch (error) {
    throw new UsageError(`${source}: a damaged edgeload summary: a histogram does not decode (${(error as Error).message})`)
  }
}

/** A slice's latency histogram (µs), or undefined when the summary carries none (/1, no requests). */
export function sliceLatency(slice: Pick<SliceSummary, 'histograms'>): LatencyHistogram | undefined {
  const text = slice.histograms?.latency
  return text ? LatencyHistogram.decode(text) : undefined
}

const TIMINGS = ['serverTime', 'networkTime', 'connecting', 'waiting', 'receiving', 'corrected', 'uncorrected'] as const

/** The /1 fields as they were, with what /1 gained over time and what /2 added filled in as "not measured". */
function upgradeV1(v1: Record<string, unknown>): Summary {
  const old = v1 as unknown as Summary
  const noHistograms = <T extends object>(slice: T): T & { histograms: { latency: string } } => {
    const timings = Object.fromEntries(TIMINGS.map((t) => [t, (slice as Record<string, unknown>)[t] ?? null]))
    return { ...slice, ...timings, histograms: { latency: '' } }
  }
  const counts = <T extends object>(item: T) => ({ iterationErrors: 0, droppedIterations: 0, droppedShare: 0, ...item })
  const originMs = Date.parse(old.startedAt) || 0
  return {
    ...old,
    schema: SUMMARY_SCHEMA,
    environment: {
      machine: { cpus: 0, model: 'unknown', os: 'unknown', arch: 'unknown', memoryBytes: 0 },
      node: 'unknown', runner: 'unknown', target: old.target,
    },
    seed: old.seed ?? null,
    stoppedBy: old.stoppedBy ?? null,
    form: old.form ?? 'phases',
    iterations: old.iterations ?? null,
    checks: old.checks ?? [],
    metrics: old.metrics ?? {},
    overall: counts(noHistograms(old.overall)),
    phases: old.phases.map((phase) => counts({ ...noHistograms(phase), scenario: phase.scenario ?? 'default', executor: phase.executor ?? null })),
    scenarios: [],
    endpoints: old.endpoints.map(noHistograms),
    statusClasses: (old.statusClasses ?? []).map((c) => ({ ...c, histogram: '' })),
    series: old.series.map((row) => ({
      second: row.second,
      startMs: originMs + row.second * 1000,
      requests: row.requests,
      errors: row.errors,
      vus: row.vus ?? 0,
      p50Ms: row.p50Ms ?? 0,
      p90Ms: 0,
      p99Ms: row.p99Ms ?? 0,
      maxMs: 0,
      histogram: '',
    })),
  }
}
