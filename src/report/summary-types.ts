// The run summary: what `--out FILE.json` writes, what the history keeps and what the report
// prints. Field names are a stable contract (docs/json-summary.md); every latency is in milliseconds
// (float) except inside encoded histograms, which count microseconds.
import type { ThresholdResult } from '../load/metrics/thresholds.ts'
import type { MetricType } from '../load/metrics/metric-catalog.ts'
import type { SecondRow } from '../load/metrics/second-series.ts'
import type { TimingName } from '../load/metrics/request-stats.ts'
import type { IterationErrorEntry } from '../load/iteration-errors.ts'
import type { SubscriberReport } from '../load/live/live-feed.ts'

export type { ThresholdResult } from '../load/metrics/thresholds.ts'
export type { SecondRow } from '../load/metrics/second-series.ts'

export interface RunMeta {
  scenario: string
  target: string
  startedAt: Date
  /** The seed of ctx.random, so a run can be replayed with --seed. */
  seed?: number
  wallMs: number
  interrupted: boolean
  /** The abortOnFail threshold that stopped the run, if one did. */
  stoppedBy?: StoppedBy
  form?: 'phases' | 'scenarios'
  threads: number
  iterations?: number
  /** Default: this machine and process (environment.ts). */
  environment?: RunEnvironment
  /** The streams on the run's live feed, as it reported them when it closed. */
  streams?: readonly SubscriberReport[]
}

export interface StoppedBy {
  /** `http_req_failed rate<0.01`. */
  threshold: string
  /** When the run was stopped, ms since its start. */
  atMs: number
}

/** A latency distribution in milliseconds; all zero when count is 0. */
export interface LatencySummary {
  count: number
  mean: number
  stddev: number
  min: number
  p50: number
  p90: number
  p95: number
  p99: number
  p999: number
  max: number
}

/** Counters and latencies of a set of requests (all of them, one phase or one endpoint). */
export interface SliceSummary {
  requests: number
  /** 2xx or 3xx answers. */
  successful: number
  /** Everything else: 1xx/4xx/5xx answers and requests without an answer. */
  failed: number
  /** failed / requests (0 when no requests). */
  failedRate: number
  /** Requests per second over the slice's time span. */
  throughput: number
  bytesIn: number
  bytesOut: number
  coldStarts: number
  latency: LatencySummary
  /** Time inside the app (Server-Timing: app;dur=); null when the target never sent it. */
  serverTime: LatencySummary | null
  /** Latency minus server time, for requests that carried server time. */
  networkTime: LatencySummary | null
  connecting: LatencySummary | null
  waiting: LatencySummary | null
  receiving: LatencySummary | null
  /** Requests of rate phases: latency from the scheduled start (as in `latency`), and from the actual send. */
  corrected: LatencySummary | null
  uncorrected: LatencySummary | null
  /**
   * Cold starts' init durations (`Server-Timing: init;dur=`, sent by the local Lambda's front on a
   * cold start), apart from the app's own time; null when none was reported. Absent in summaries
   * written before it existed.
   */
  initTime?: LatencySummary | null
  /** The slice's distributions, encoded (LatencyHistogram.encode): merge and re-read them exactly. */
  histograms: SliceHistograms
}

/**
 * Encoded histograms (µs, 3 significant digits): `precision;sum;sumOfSquares;min;max;HDR`, the
 * last field HdrHistogram's compressed base64 (any HdrHistogram library reads it). `latency` is
 * '' for a slice without requests; a timing is present only when measured.
 */
export type SliceHistograms = { latency: string } & Partial<Record<TimingName, string>>

export interface PhaseSummary extends SliceSummary {
  name: string
  /** 'default' for the phases form. */
  scenario: string
  /** The executor that ran it ('iterations', 'ramping-threads', ...). */
  executor: string | null
  /** Its model: 'open' (arrivals on a schedule, which may be dropped) or 'closed'; absent in older summaries. */
  model?: 'closed' | 'open' | null
  threads: number
  /** Milliseconds since the run started. */
  startMs: number
  endMs: number
  durationMs: number
  iterations: number
  iterationErrors: number
  /** Iterations cut before their end (gracefulStop, gracefulRampDown, Ctrl-C, abortOnFail): apart from `iterations`, as k6. Absent in older files. */
  interruptedIterations?: number
  droppedIterations: number
  /** dropped / (dropped + iterations): the share of scheduled arrivals that never ran. */
  droppedShare: number
}

/** The requests of one scenario (all its phases); the phases form has one, 'default'. */
export interface ScenarioSummary extends SliceSummary {
  name: string
  phases: string[]
  /** Milliseconds since the run started. */
  startMs: number
  endMs: number
}

export interface EndpointSummary extends SliceSummary {
  /** The request's `name` option (or its path). */
  name: string
  method: string
}

export interface OverallSummary extends SliceSummary {
  iterations: number
  iterationErrors: number
  /** Iterations cut before their end (gracefulStop, gracefulRampDown, Ctrl-C, abortOnFail): apart from `iterations`, as k6. Absent in older files. */
  interruptedIterations?: number
  droppedIterations: number
  droppedShare: number
  /** Requests sent once more on a new connection after the server closed an idle keep-alive one under them (not errors). */
  retries: number
}

export interface StatusClassSummary {
  statusClass: '2xx' | '3xx' | '4xx' | '5xx'
  count: number
  latency: LatencySummary
  /** Encoded as SliceHistograms' fields are. */
  histogram: string
}

/** Where the run was made, so two runs can be told apart before their numbers are compared. */
export interface RunEnvironment {
  machine: { cpus: number; model: string; os: string; arch: string; memoryBytes: number }
  /** process.version of the runner (`v22.11.0`). */
  node: string
  /** edgeload's package version. */
  runner: string
  target: string
}

export interface ErrorSummary {
  /** `http 404`, `http 500`, ... or refused, reset, timeout, dns, bad_response, aborted, other. */
  kind: string
  count: number
}

export interface CheckSummary {
  name: string
  passes: number
  fails: number
  /** passes / (passes + fails). */
  rate: number
}

/** One metric as k6's end-of-test summary shows it: trend {avg,min,med,max,p(N)}, rate {rate,passes,fails}, counter {count,rate}. */
export interface MetricSummary {
  type: MetricType
  values: Record<string, number>
  /** A custom trend created with isTime: values are milliseconds. */
  time?: boolean
}

export const SUMMARY_SCHEMA = 'edgeload.summary/2'
/** The schema before histograms; still read (summary-read.ts). */
export const SUMMARY_SCHEMA_V1 = 'edgeload.summary/1'

export interface Summary {
  schema: typeof SUMMARY_SCHEMA
  scenario: string
  target: string
  /** HTTP versions the run's connections spoke ('HTTP/1.1', 'HTTP/2.0'); absent in files written before it existed. */
  protocols?: string[]
  /** ISO 8601: when the phases started (second 0 of `series`). */
  startedAt: string
  environment: RunEnvironment
  /** The seed of ctx.random; pass it to --seed to replay the run's random choices. */
  seed: number | null
  wallMs: number
  interrupted: boolean
  /** Set when an abortOnFail threshold stopped the run (exit 99). */
  stoppedBy: StoppedBy | null
  /** 'phases' (one after another) or 'scenarios' (in parallel). */
  form: 'phases' | 'scenarios'
  threads: number
  iterations: number | null
  overall: OverallSummary
  statusClasses: StatusClassSummary[]
  phases: PhaseSummary[]
  scenarios: ScenarioSummary[]
  endpoints: EndpointSummary[]
  errors: ErrorSummary[]
  checks: CheckSummary[]
  /** Each distinct exception iterations threw, most frequent first, with where it was first thrown in the scenario. Absent in older files. */
  iterationErrorMessages?: IterationErrorEntry[]
  thresholds: ThresholdResult[]
  /** False when any threshold failed (the runner then exits 99). */
  thresholdsOk: boolean
  /** k6-style metrics by key (`http_req_duration`, `http_req_duration{name:/x}`), what thresholds read. */
  metrics: Record<string, MetricSummary>
  /** One row per second since the start, each with its encoded latency histogram (2 digits). */
  series: SecondRow[]
  /** A `capacity` run's search: its steps (one phase each), the knee, or why there is none. */
  capacity?: CapacitySummary
  /** What each stream of the run (`--out name=target`, the live dashboard) got through and lost; absent without streams and in older files. */
  streams?: StreamSummary[]
}

/** One stream of the run, as the report's `Output` line says it (stream-summary.ts). */
export interface StreamSummary {
  /** `json`, `prometheus`, `influxdb`, `dashboard`. */
  name: string
  /** Its file or URL, without a URL's user:password. */
  target: string
  /** Points it got through (a server accepted them; samples a file took). */
  written: number
  /** Points lost: its queue full, a failed write, or unsent when the grace period ended. */
  dropped: number
  /** Why it last lost points; null when it lost none or did not say. */
  error: string | null
}

/** How a capacity search ended (docs/capacity.md). */
export type CapacityVerdict =
  /** A rate held and the next one up failed: the capacity is the rate that held. */
  | 'knee'
  /** The highest rate allowed (--max-rate) held: the capacity is at least that. */
  | 'held at max'
  /** Even the lowest rate failed the objective. */
  | 'failed at min'
  /** The generator, not the target, saturated first: no capacity is reported. */
  | 'generator saturated'
  /** Ctrl-C, or the steps ran out before a rate failed. */
  | 'incomplete'

export interface CapacitySummary {
  /** The objective as given (`p(99)<200ms,error_rate<1%`) and each part of it. */
  slo: string
  objectives: string[]
  verdict: CapacityVerdict
  /** Iterations per second the target sustains within the objective; null when not found. */
  capacity: number | null
  /** The highest offered rate that held and the lowest that failed (the knee lies between). */
  held: CapacityStep | null
  failed: CapacityStep | null
  /** failed / held - 1: how sure the knee is (0.1: within 10%); null without both. */
  uncertainty: number | null
  /** One sentence saying what was found. */
  message: string
  /** The search: each step in the order run (each a phase of this summary). */
  steps: CapacityStep[]
  /** The search's limits; `stepSeconds` is how long each step ran at its rate. */
  settings: { startRate: number; maxRate: number; resolution: number; maxSteps: number; stepSeconds: number }
}

export interface CapacityStep {
  /** The phase this step is in `phases`. */
  phase: string
  /** Offered arrival rate: iterations started per second. */
  rate: number
  /** What it measured (the phase's figures, repeated for readers of the capacity alone). */
  requests: number
  /** Requests answered per second over the step. */
  throughput: number
  p50Ms: number
  p90Ms: number
  p99Ms: number
  maxMs: number
  /** Failed requests and dropped arrivals over requests and dropped arrivals. */
  errorRate: number
  /** The step's errors by kind (`http 429`, `timeout`...), most first: what broke (Lambda's concurrency limit is `http 429`). */
  errors: ErrorSummary[]
  droppedIterations: number
  /** Seconds of arrivals the step was given: compare's minimum, or more where its percentiles needed more requests. */
  scheduledSeconds: number
  /** Whole seconds the step ran (its late answers included). */
  seconds: number
  /** Each objective's measured value and whether it held; `unjudged` says why it could not be judged. */
  objectives: { objective: string; actual: number; ok: boolean; unjudged?: string }[]
  /** Whether the step held the objective; null when it could not be judged (see `unjudged`). */
  held: boolean | null
  unjudged?: string
  generator: { cpu: number; loopBusy: number; loopDelayP99Ms: number; loopDelayMaxMs: number }
  /** The generator's own loop or CPU was saturated during the step. */
  generatorSaturated: boolean
}
