// Everything a run measures, in memory that does not grow with the number of requests: request
// slices (all, per phase, per endpoint) with HDR histograms, per-status-class histograms, checks,
// iterations, dropped iterations and the per-second series. Mergeable, so worker threads can each
// keep their own and the engine adds them up.
import { LatencyHistogram } from './latency-histogram.ts'
import { isFailure } from './request-record.ts'
import type { RequestRecord } from './request-record.ts'
import { RequestStats } from './request-stats.ts'
import type { SerializedRequestStats } from './request-stats.ts'
import { SecondSeries } from './second-series.ts'
import type { SerializedSeries } from './second-series.ts'
import { deserializeAggregate, newAggregate, type Aggregate, type SerializedAggregate } from './aggregates.ts'
import type { CustomRecorder, Tags } from './custom-metrics.ts'
import type { MetricType } from './metric-catalog.ts'
import { ThresholdSinks, type TagReader } from './threshold-sinks.ts'
import type { ParsedThreshold } from './thresholds.ts'
import { currentThreadScope } from '../thread-scope.ts'
import { IterationErrors, type IterationErrorEntry } from '../iteration-errors.ts'
import type { LiveCollector } from '../live/live-collector.ts'
import type { LiveTags } from '../live/live-types.ts'

export type { ErrorKind, RequestRecord } from './request-record.ts'
export { isSuccess } from './request-record.ts'

export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const
export type StatusClass = (typeof STATUS_CLASSES)[number]

export interface CheckCounts {
  passes: number
  fails: number
}

/** One phase: what the engine told us (threads, start, end) and what it measured. */
export interface PhaseMetrics {
  name: string
  /** 'default' for the phases form; the scenario's name with `scenarios`. */
  scenario?: string
  /** The executor that ran it, and its model. */
  executor?: string
  model?: 'closed' | 'open'
  /** The most threads the phase ran at once. */
  threads: number
  startMs?: number
  endMs?: number
  /** Iterations that ran to their end (k6's complete iterations; the `iterations` metric). */
  iterations: number
  /** Iterations whose function threw (counted in `iterations` too). */
  iterationErrors: number
  /** Iterations cut before their end: by gracefulStop, gracefulRampDown, Ctrl-C or an abortOnFail threshold (k6's interrupted). */
  interrupted: number
  /** Rate phases: iterations that could not start for lack of threads. */
  dropped: number
  /** First request start and last request end seen, for phases the engine never announced. */
  firstMs?: number
  lastMs?: number
  stats: RequestStats
}

export interface SerializedMetrics {
  version: 2
  overall: SerializedRequestStats
  phases: (Omit<PhaseMetrics, 'stats'> & { stats: SerializedRequestStats })[]
  endpoints: { name: string; method: string; stats: SerializedRequestStats }[]
  statusClasses: Partial<Record<StatusClass, string>>
  checks: ({ name: string } & CheckCounts)[]
  series: SerializedSeries
  custom: { name: string; aggregate: SerializedAggregate }[]
  sinks: Record<string, SerializedAggregate>
  /** HTTP versions the run's connections spoke ('HTTP/1.1', 'HTTP/2.0'). */
  protocols?: string[]
  /** Requests sent again after a keep-alive race (h1-connection.ts). */
  retries?: number
  iterationErrors?: IterationErrorEntry[]
  /** k6's iteration_duration and group_duration (by group path), encoded; vus_max. Absent in older parts. */
  iterationDuration?: string
  groupDurations?: Record<string, string>
  vusMax?: number
}

/** What a check or an iteration is tagged with, besides its own name. */
export interface SampleContext {
  phase: string
  scenario: string
  groupPath: string
  scenarioTags: Record<string, string> | undefined
}

export class RunMetrics implements CustomRecorder {
  readonly overall = new RequestStats(true)
  readonly phases = new Map<string, PhaseMetrics>()
  /** Endpoint name, then method: `POST /myresource` and `GET /myresource` are two rows. */
  readonly endpoints = new Map<string, Map<string, RequestStats>>()
  readonly statusClasses = new Map<StatusClass, LatencyHistogram>()
  readonly checks = new Map<string, CheckCounts>()
  readonly series = new SecondSeries()
  /** Custom metrics (custom-metrics.ts), untagged; their tagged cuts live in `sinks`. */
  readonly customMetrics = new Map<string, Aggregate>()
  /** What thresholds read (threshold-sinks.ts). */
  readonly sinks = new ThresholdSinks()
  /** HTTP versions the run's connections spoke, noted once per connection (the report's Target line). */
  readonly protocols = new Set<string>()
  /** Requests sent once more on a new connection after the server closed an idle one under them. */
  retries = 0
  /** Exceptions iterations threw: each distinct message with its count and first place in the scenario. */
  readonly iterationErrors = new IterationErrors()
  /** k6's iteration_duration: complete iterations (those that threw too), start to end. */
  readonly iterationDuration = new LatencyHistogram()
  /** k6's group_duration, by group path ('::outer::inner'). */
  readonly groupDurations = new Map<string, LatencyHistogram>()
  /** k6's vus_max: the most threads that existed at once (running or parked); parts add up. */
  vusMax = 0
  /** Set while a live feed listens (outputs): every sample goes to it too. */
  live: LiveCollector | undefined = undefined
  /** The run's clock, for samples that carry no time of their own (checks, custom metrics). */
  now: () => number = () => 0
  private lastPhase: PhaseMetrics | undefined

  /** Sinks for what these thresholds name; every part of a run tracks the same ones. */
  track(thresholds: readonly ParsedThreshold[]): this {
    this.sinks.track(thresholds)
    return this
  }

  record(r: RequestRecord): void {
    this.sinks.request(r)
    const phase = this.phase(r.phase)
    phase.stats.record(r)
    const startMs = r.atMs - r.latencyUs / 1000
    if (phase.firstMs === undefined || startMs < phase.firstMs) phase.firstMs = startMs
    if (phase.lastMs === undefined || r.atMs > phase.lastMs) phase.lastMs = r.atMs
    this.overall.record(r)
    this.endpoint(r.endpoint, r.method).record(r)
    const statusClass = classOf(r.status)
    if (statusClass) this.statusClass(statusClass).record(r.latencyUs)
    this.series.record(r.atMs, r.latencyUs, isFailure(r))
    this.live?.request(r)
  }

  /** `tags`: the check call's own (k6's `check(res, checks, tags)`), beside its context's. */
  check(name: string, passed: boolean, context?: SampleContext, tags?: Tags): void {
    let counts = this.checks.get(name)
    if (!counts) this.checks.set(name, (counts = { passes: 0, fails: 0 }))
    if (passed) counts.passes++
    else counts.fails++
    if (this.sinks.tracks('checks')) this.sinks.sample('checks', passed ? 1 : 0, this.now(), contextTags(context, (tag) => (tag === 'check' ? name : tags?.[tag])))
    this.live?.point('checks', 'rate', passed ? 1 : 0, 0, this.now(), { ...liveTags(context), ...tags, check: name })
  }

  dropped(phase: string, count = 1, context?: SampleContext): void {
    this.phase(phase).dropped += count
    if (this.sinks.tracks('dropped_iterations')) this.sinks.sample('dropped_iterations', count, this.now(), contextTags(context))
    this.live?.point('dropped_iterations', 'counter', count, count, this.now(), liveTags(context, phase))
  }

  /** `durationUs`: how long it took (iteration_duration), when the executor timed it. */
  iterationDone(phase: string, context?: SampleContext, durationUs?: number): void {
    this.phase(phase).iterations++
    this.iterationSamples(context, durationUs, phase)
  }

  /** An iteration whose function threw: done, and counted as an error. */
  iterationFailed(phase: string, context?: SampleContext, durationUs?: number): void {
    const metrics = this.phase(phase)
    metrics.iterations++
    metrics.iterationErrors++
    this.iterationSamples(context, durationUs, phase)
  }

  private iterationSamples(context: SampleContext | undefined, durationUs: number | undefined, phase: string): void {
    if (durationUs !== undefined) this.iterationDuration.record(durationUs)
    if (this.sinks.tracks('iterations')) this.sinks.sample('iterations', 1, this.now(), contextTags(context))
    if (durationUs !== undefined && this.sinks.tracks('iteration_duration')) this.sinks.sample('iteration_duration', durationUs, this.now(), contextTags(context))
    if (this.live) {
      const tags = liveTags(context, phase)
      const atMs = this.now()
      this.live.point('iterations', 'counter', 1, 1, atMs, tags)
      if (durationUs !== undefined) this.live.point('iteration_duration', 'trend', durationUs / 1000, durationUs, atMs, tags)
    }
  }

  /** One run through a group (`context.groupPath` is still the group's own path). */
  groupDone(path: string, durationUs: number, context: SampleContext): void {
    this.groupHistogram(path).record(durationUs)
    if (this.sinks.tracks('group_duration')) this.sinks.sample('group_duration', durationUs, this.now(), contextTags(context))
    this.live?.point('group_duration', 'trend', durationUs / 1000, durationUs, this.now(), liveTags(context))
  }

  /** Every group's durations together (the untagged group_duration). */
  allGroupDurations(): LatencyHistogram {
    const all = new LatencyHistogram()
    for (const histogram of this.groupDurations.values()) all.merge(histogram)
    return all
  }

  /** A thread was made; `existing` now exist in this part of the run (vus_max is the most). */
  threadMade(existing: number): void {
    if (existing > this.vusMax) this.vusMax = existing
  }

  /** A sample of the thread counts for thresholds on vus and vus_max (the metrics ticker's, 10 a second and at the end). */
  threadsSample(active: number): void {
    if (this.sinks.tracks('vus')) this.sinks.sample('vus', active, this.now(), () => undefined)
    if (this.vusMax > 0 && this.sinks.tracks('vus_max')) this.sinks.sample('vus_max', this.vusMax, this.now(), () => undefined)
  }

  /** k6's gauges: vus from the per-second series (the most active in each second), vus_max its most. */
  vusValues(name: 'vus' | 'vus_max'): Record<string, number> {
    if (name === 'vus_max') return this.vusMax ? { value: this.vusMax, min: this.vusMax, max: this.vusMax } : {}
    const rows = this.series.rows(0)
    if (rows.length === 0) return {} // no thread was ever sampled (a run put together by hand)
    const vus = rows.map((row) => row.vus)
    const max = Math.max(...vus)
    return max === 0 ? {} : { value: vus[vus.length - 1]!, min: Math.min(...vus), max }
  }

  /** An iteration cut before its end: not in `iterations` (k6 counts it apart). */
  iterationInterrupted(phase: string): void {
    this.phase(phase).interrupted++
  }

  /** A custom metric's sample (custom-metrics.ts); trends keep thousandths, as latencies keep µs. */
  custom(name: string, type: MetricType, value: number, tags: Tags | undefined): void {
    let aggregate = this.customMetrics.get(name)
    if (!aggregate) this.customMetrics.set(name, (aggregate = newAggregate(type)))
    const atMs = this.now()
    const stored = type === 'trend' ? value * 1000 : value
    aggregate.add(stored, atMs)
    this.live?.point(name, type, value, stored, atMs, tags ?? NO_TAGS)
    if (!this.sinks.tracks(name)) return
    // As k6, a sample also carries its thread's scenario, phase and group (read only for thresholds).
    const context = currentThreadScope()?.ctx as SampleContext | undefined
    this.sinks.sample(name, stored, atMs, contextTags(context?.phase === undefined ? undefined : context, (tag) => tags?.[tag]))
  }

  phaseStart(name: string, atMs: number, scenario?: string, executor?: string, model?: 'closed' | 'open'): void {
    const phase = this.phase(name)
    phase.scenario ??= scenario
    phase.executor ??= executor
    phase.model ??= model
    if (phase.startMs === undefined || atMs < phase.startMs) phase.startMs = atMs
  }

  /** The most threads this part ran at once in the phase; parts add up (see merge). */
  phaseThreads(name: string, threads: number): void {
    const phase = this.phase(name)
    phase.threads = Math.max(phase.threads, threads)
  }

  phaseEnd(name: string, atMs: number): void {
    const phase = this.phase(name)
    if (phase.endMs === undefined || atMs > phase.endMs) phase.endMs = atMs
  }

  /** Adds another run's metrics: counters sum, histograms merge, series merge by second. */
  merge(other: RunMetrics): void {
    this.overall.merge(other.overall)
    for (const theirs of other.phases.values()) this.mergePhase(theirs)
    for (const [name, methods] of other.endpoints) {
      for (const [method, stats] of methods) this.endpoint(name, method).merge(stats)
    }
    for (const [statusClass, histogram] of other.statusClasses) this.statusClass(statusClass).merge(histogram)
    for (const [name, counts] of other.checks) {
      const mine = this.checks.get(name) ?? { passes: 0, fails: 0 }
      this.checks.set(name, { passes: mine.passes + counts.passes, fails: mine.fails + counts.fails })
    }
    this.series.merge(other.series)
    for (const [name, aggregate] of other.customMetrics) {
      const mine = this.customMetrics.get(name)
      if (mine) mine.merge(aggregate)
      else this.customMetrics.set(name, deserializeAggregate(aggregate.serialize()))
    }
    this.sinks.merge(other.sinks)
    for (const protocol of other.protocols) this.protocols.add(protocol)
    this.retries += other.retries
    this.iterationErrors.merge(other.iterationErrors.entries())
    this.iterationDuration.merge(other.iterationDuration)
    for (const [path, histogram] of other.groupDurations) this.groupHistogram(path).merge(histogram)
    this.vusMax += other.vusMax
  }

  private groupHistogram(path: string): LatencyHistogram {
    let histogram = this.groupDurations.get(path)
    if (!histogram) this.groupDurations.set(path, (histogram = new LatencyHistogram()))
    return histogram
  }

  /** A plain JSON-safe object (histograms encoded) to post from a worker thread. */
  serialize(): SerializedMetrics {
    const endpoints: SerializedMetrics['endpoints'] = []
    for (const [name, methods] of this.endpoints) {
      for (const [method, stats] of methods) endpoints.push({ name, method, stats: stats.serialize() })
    }
    const statusClasses: SerializedMetrics['statusClasses'] = {}
    for (const [statusClass, histogram] of this.statusClasses) statusClasses[statusClass] = histogram.encode()
    return {
      version: 2,
      overall: this.overall.serialize(),
      phases: [...this.phases.values()].map((phase) => ({ ...phase, stats: phase.stats.serialize() })),
      endpoints,
      statusClasses,
      checks: [...this.checks].map(([name, counts]) => ({ name, ...counts })),
      series: this.series.serialize(),
      custom: [...this.customMetrics].map(([name, aggregate]) => ({ name, aggregate: aggregate.serialize() })),
      sinks: this.sinks.serialize(),
      protocols: [...this.protocols],
      retries: this.retries,
      iterationErrors: this.iterationErrors.entries(),
      iterationDuration: this.iterationDuration.encode(),
      groupDurations: Object.fromEntries([...this.groupDurations].map(([path, histogram]) => [path, histogram.encode()])),
      vusMax: this.vusMax,
    }
  }

  /** `thresholds`: the ones both sides track, so the sinks come back too. */
  static deserialize(s: SerializedMetrics, thresholds: readonly ParsedThreshold[] = []): RunMetrics {
    if (s?.version !== 2) throw new Error('unsupported serialized metrics version')
    const metrics = new RunMetrics().track(thresholds)
    metrics.overall.merge(RequestStats.deserialize(s.overall))
    for (const phase of s.phases) metrics.mergePhase({ ...phase, stats: RequestStats.deserialize(phase.stats) })
    for (const { name, method, stats } of s.endpoints) metrics.endpoint(name, method).merge(RequestStats.deserialize(stats))
    for (const [statusClass, text] of Object.entries(s.statusClasses)) {
      if (text) metrics.statusClass(statusClass as StatusClass).merge(LatencyHistogram.decode(text))
    }
    for (const { name, passes, fails } of s.checks) metrics.checks.set(name, { passes, fails })
    metrics.series.merge(SecondSeries.deserialize(s.series))
    for (const { name, aggregate } of s.custom) metrics.customMetrics.set(name, deserializeAggregate(aggregate))
    metrics.sinks.mergeSerialized(s.sinks)
    for (const protocol of s.protocols ?? []) metrics.protocols.add(protocol)
    metrics.retries = s.retries ?? 0
    metrics.iterationErrors.merge(s.iterationErrors ?? [])
    if (s.iterationDuration) metrics.iterationDuration.merge(LatencyHistogram.decode(s.iterationDuration))
    for (const [path, text] of Object.entries(s.groupDurations ?? {})) metrics.groupHistogram(path).merge(LatencyHistogram.decode(text))
    metrics.vusMax = s.vusMax ?? 0
    return metrics
  }

  phase(name: string): PhaseMetrics {
    // Requests come in long runs of the same phase: skip the map lookup for those.
    if (this.lastPhase?.name === name) return this.lastPhase
    let phase = this.phases.get(name)
    if (!phase) {
      phase = { name, threads: 0, iterations: 0, iterationErrors: 0, interrupted: 0, dropped: 0, stats: new RequestStats() }
      this.phases.set(name, phase)
    }
    return (this.lastPhase = phase)
  }

  endpoint(name: string, method: string): RequestStats {
    let methods = this.endpoints.get(name)
    if (!methods) this.endpoints.set(name, (methods = new Map()))
    let stats = methods.get(method)
    if (!stats) methods.set(method, (stats = new RequestStats()))
    return stats
  }

  statusClass(statusClass: StatusClass): LatencyHistogram {
    let histogram = this.statusClasses.get(statusClass)
    if (!histogram) this.statusClasses.set(statusClass, (histogram = new LatencyHistogram()))
    return histogram
  }

  /** Parts of a run (worker threads) each ran a share of a phase's threads: the shares add up. */
  private mergePhase(theirs: PhaseMetrics): void {
    const mine = this.phase(theirs.name)
    mine.threads += theirs.threads
    mine.scenario ??= theirs.scenario
    mine.executor ??= theirs.executor
    mine.model ??= theirs.model
    mine.startMs = earliest(mine.startMs, theirs.startMs)
    mine.endMs = latest(mine.endMs, theirs.endMs)
    mine.firstMs = earliest(mine.firstMs, theirs.firstMs)
    mine.lastMs = latest(mine.lastMs, theirs.lastMs)
    mine.iterations += theirs.iterations
    mine.iterationErrors += theirs.iterationErrors ?? 0
    mine.interrupted += theirs.interrupted ?? 0
    mine.dropped += theirs.dropped
    mine.stats.merge(theirs.stats)
  }
}

const NO_TAGS: LiveTags = Object.freeze({})

interface CachedLiveTags {
  scenario: string
  phase: string
  groupPath: string
  scenarioTags: Record<string, string> | undefined
  tags: LiveTags
}

const liveTagsByContext = new WeakMap<SampleContext, CachedLiveTags>()
const liveTagsByPhase = new Map<string, LiveTags>()

/**
 * The live feed's tags of a sample that is not a request: the phase's own tags, then k6's. The
 * same object while the context's fields stay the same, so the live collector keys it once.
 */
function liveTags(context: SampleContext | undefined, phase?: string): LiveTags {
  if (!context) {
    if (phase === undefined) return NO_TAGS
    let tags = liveTagsByPhase.get(phase)
    if (!tags) liveTagsByPhase.set(phase, (tags = Object.freeze({ phase })))
    return tags
  }
  const cached = liveTagsByContext.get(context)
  if (cached !== undefined && cached.scenario === context.scenario && cached.phase === context.phase
    && cached.groupPath === context.groupPath && cached.scenarioTags === context.scenarioTags) return cached.tags
  const tags: Record<string, string> = { ...context.scenarioTags, scenario: context.scenario, phase: context.phase }
  if (context.groupPath) tags.group = context.groupPath
  Object.freeze(tags)
  liveTagsByContext.set(context, { scenario: context.scenario, phase: context.phase, groupPath: context.groupPath, scenarioTags: context.scenarioTags, tags })
  return tags
}

/** Tags of a sample that is not a request: its context's, then `own` (e.g. the check's name). */
function contextTags(context: SampleContext | undefined, own?: TagReader): TagReader {
  return (tag) => {
    const mine = own?.(tag)
    if (mine !== undefined) return mine
    if (!context) return undefined
    switch (tag) {
      case 'phase': return context.phase
      case 'scenario': return context.scenario
      case 'group': return context.groupPath
      default: return context.scenarioTags?.[tag]
    }
  }
}

function classOf(status: number): StatusClass | undefined {
  if (status >= 200 && status < 300) return '2xx'
  if (status >= 300 && status < 400) return '3xx'
  if (status >= 400 && status < 500) return '4xx'
  if (status >= 500 && status < 600) return '5xx'
  return undefined
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b
  return b === undefined ? a : Math.min(a, b)
}

function latest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b
  return b === undefined ? a : Math.max(a, b)
}
