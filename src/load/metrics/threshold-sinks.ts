// What thresholds read, as k6 keeps it: one sink per metric key a threshold names
// (`http_req_duration`, `http_reqs{status:500}`, `login_time{kind:a}`), fed only the samples
// whose tags match. Only named keys cost anything, however many tags samples carry. Each sink
// keeps the whole run (exact, mergeable across worker threads) and the current tick (a
// low-precision copy the monitor takes once a second for abortOnFail and sliding windows).
import { deserializeAggregate, newAggregate, type Aggregate, type SerializedAggregate } from './aggregates.ts'
import type { MetricType } from './metric-catalog.ts'
import { isFailure, requestTag, type RequestRecord } from './request-record.ts'
import type { ParsedThreshold } from './thresholds.ts'

/** A tag reader for samples that are not requests (checks, iterations, custom metrics). */
export type TagReader = (tag: string) => string | undefined

export interface Sink {
  key: string
  name: string
  type: MetricType
  filter: [tag: string, value: string][]
  /** Aggregates thresholds name beyond the defaults (e.g. p(97.5)), for the summary. */
  aggregates: string[]
  whole: Aggregate
  tick: Aggregate
}

/** Per sink key, the tick's data: what a worker thread posts to the monitor each second. */
export type TickData = Record<string, SerializedAggregate>

/** How each request metric reads its value from a request (µs for trends). */
const REQUEST_VALUES: Record<string, (r: RequestRecord) => number | undefined> = {
  http_req_duration: (r) => r.latencyUs,
  http_req_waiting: (r) => r.waitingUs,
  http_req_connecting: (r) => r.connectUs,
  http_req_blocked: (r) => r.blockedUs,
  http_req_tls_handshaking: (r) => r.tlsUs,
  http_req_sending: (r) => r.sendingUs,
  http_req_receiving: (r) => r.receivingUs,
  http_req_duration_uncorrected: (r) => r.uncorrectedUs,
  server_time: (r) => r.serverUs,
  network_time: (r) => (r.serverUs === undefined ? undefined : r.latencyUs - r.serverUs),
  http_req_failed: (r) => (isFailure(r) ? 1 : 0),
  http_reqs: () => 1,
  data_received: (r) => r.bytesIn,
  data_sent: (r) => r.bytesOut,
  cold_starts: (r) => (r.coldStart ? 1 : 0),
}

export class ThresholdSinks {
  readonly sinks = new Map<string, Sink>()
  private requestSinks: Sink[] = []
  private otherSinks: Sink[] = []
  /** The names of the metrics other sinks are for: a sample of any other one is not built at all. */
  private readonly otherNames = new Set<string>()

  /** One sink per distinct key the thresholds name. */
  track(thresholds: readonly ParsedThreshold[]): void {
    for (const t of thresholds) {
      const tracked = this.sinks.get(t.key)
      if (tracked) {
        tracked.aggregates.push(t.aggregate)
        continue
      }
      const sink: Sink = {
        key: t.key, name: t.name, type: t.type, filter: Object.entries(t.tags), aggregates: [t.aggregate],
        whole: newAggregate(t.type), tick: newAggregate(t.type, 2),
      }
      this.sinks.set(t.key, sink)
      if (REQUEST_VALUES[t.name]) this.requestSinks.push(sink)
      else {
        this.otherSinks.push(sink)
        this.otherNames.add(t.name)
      }
    }
  }

  request(r: RequestRecord): void {
    const sinks = this.requestSinks
    for (let i = 0; i < sinks.length; i++) {
      const sink = sinks[i]!
      if (!requestMatches(sink.filter, r)) continue
      const value = REQUEST_VALUES[sink.name]!(r)
      if (value === undefined) continue
      sink.whole.add(value, r.atMs)
      sink.tick.add(value, r.atMs)
    }
  }

  /** A sample of a metric that is not a request's: checks, iterations, dropped_iterations, custom. */
  sample(name: string, value: number, atMs: number, tags: TagReader): void {
    for (const sink of this.otherSinks) {
      if (sink.name !== name || !matches(sink.filter, tags)) continue
      sink.whole.add(value, atMs)
      sink.tick.add(value, atMs)
    }
  }

  /** True when some sink wants samples of metric `name` (checks, iterations, a custom metric...). */
  tracks(name: string): boolean {
    return this.otherNames.has(name)
  }

  /** The tick's data, and a fresh tick. */
  takeTick(): TickData {
    const data: TickData = {}
    for (const sink of this.sinks.values()) {
      data[sink.key] = sink.tick.serialize()
      sink.tick.reset()
    }
    return data
  }

  merge(other: ThresholdSinks): void {
    for (const theirs of other.sinks.values()) this.sinks.get(theirs.key)?.whole.merge(theirs.whole)
  }

  serialize(): Record<string, SerializedAggregate> {
    return Object.fromEntries([...this.sinks.values()].map((sink) => [sink.key, sink.whole.serialize()]))
  }

  /** Adds serialized sinks of another part into the matching ones of this (tracked) set. */
  mergeSerialized(data: Record<string, SerializedAggregate>): void {
    for (const [key, aggregate] of Object.entries(data)) this.sinks.get(key)?.whole.merge(deserializeAggregate(aggregate))
  }
}

/** As `matches`, reading the request's tags directly: no closure per request on the hot path. */
function requestMatches(filter: Sink['filter'], r: RequestRecord): boolean {
  for (let i = 0; i < filter.length; i++) if (requestTag(r, filter[i]![0]) !== filter[i]![1]) return false
  return true
}

function matches(filter: Sink['filter'], read: TagReader): boolean {
  for (let i = 0; i < filter.length; i++) if (read(filter[i]![0]) !== filter[i]![1]) return false
  return true
}
