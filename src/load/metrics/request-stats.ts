// Counters and latency histograms for one slice of the requests (all of them, one phase, or one
// endpoint): the same shape everywhere so tables and thresholds read every slice alike.
import { LatencyHistogram } from './latency-histogram.ts'
import { errorKey, isFailure } from './request-record.ts'
import type { RequestRecord } from './request-record.ts'

/** The optional timings a request may carry, each kept in its own histogram when present. */
export const TIMING_NAMES = ['server', 'network', 'connecting', 'waiting', 'receiving', 'corrected', 'uncorrected', 'blocked', 'tls', 'sending', 'init'] as const
export type TimingName = (typeof TIMING_NAMES)[number]

export interface SerializedRequestStats {
  requests: number
  successes: number
  /** Requests http_req_failed counts (isFailure: the responseCallback's view); absent in older data: requests - successes. */
  unexpected?: number
  bytesIn: number
  bytesOut: number
  coldStarts: number
  /** Error kinds (refused, reset, ...) by count. */
  errorKinds: Record<string, number>
  /** Non-2xx/3xx HTTP statuses by count. */
  httpErrors: Record<string, number>
  latency: string
  timings: Partial<Record<TimingName, string>>
}

export class RequestStats {
  requests = 0
  successes = 0
  /** What http_req_failed counts: as `failures` unless a responseCallback expects other statuses. */
  unexpected = 0
  bytesIn = 0
  bytesOut = 0
  coldStarts = 0
  readonly errorKinds = new Map<string, number>()
  readonly httpErrors = new Map<number, number>()
  readonly latency = new LatencyHistogram()
  readonly timings = new Map<TimingName, LatencyHistogram>()

  /** `detailed`: also k6's blocked, tls_handshaking and sending (the run's overall slice only: two histograms fewer per request in the others). */
  constructor(private readonly detailed = false) {}

  record(r: RequestRecord): void {
    this.requests++
    this.bytesIn += r.bytesIn
    this.bytesOut += r.bytesOut
    if (r.coldStart) this.coldStarts++
    this.latency.record(r.latencyUs)
    if (r.error !== undefined || r.status === 0) bump(this.errorKinds, errorKey(r), 1)
    else if (r.status >= 200 && r.status < 400) this.successes++
    else bump(this.httpErrors, r.status, 1)
    if (isFailure(r)) this.unexpected++
    if (r.serverUs !== undefined) {
      this.timing('server').record(r.serverUs)
      // What the server did not spend: the network, queues and the client itself.
      this.timing('network').record(r.latencyUs - r.serverUs)
    }
    // A cold start's init, as the service reported it: apart from the app's own time above.
    if (r.initUs !== undefined) this.timing('init').record(r.initUs)
    if (r.connectUs !== undefined) this.timing('connecting').record(r.connectUs)
    if (r.waitingUs !== undefined) this.timing('waiting').record(r.waitingUs)
    if (r.receivingUs !== undefined) this.timing('receiving').record(r.receivingUs)
    if (this.detailed) {
      if (r.blockedUs !== undefined) this.timing('blocked').record(r.blockedUs)
      if (r.sendingUs !== undefined) this.timing('sending').record(r.sendingUs)
      if (r.tlsUs !== undefined) this.timing('tls').record(r.tlsUs)
    }
    if (r.uncorrectedUs !== undefined) {
      // Open-model requests only: their latency (from the scheduled start) beside the one from the send.
      this.timing('corrected').record(r.latencyUs)
      this.timing('uncorrected').record(r.uncorrectedUs)
    }
  }

  get failures(): number {
    return this.requests - this.successes
  }

  timing(name: TimingName): LatencyHistogram {
    let histogram = this.timings.get(name)
    if (!histogram) this.timings.set(name, (histogram = new LatencyHistogram()))
    return histogram
  }

  merge(other: RequestStats): void {
    this.requests += other.requests
    this.successes += other.successes
    this.unexpected += other.unexpected
    this.bytesIn += other.bytesIn
    this.bytesOut += other.bytesOut
    this.coldStarts += other.coldStarts
    for (const [kind, count] of other.errorKinds) bump(this.errorKinds, kind, count)
    for (const [status, count] of other.httpErrors) bump(this.httpErrors, status, count)
    this.latency.merge(other.latency)
    for (const [name, histogram] of other.timings) this.timing(name).merge(histogram)
  }

  serialize(): SerializedRequestStats {
    const timings: Partial<Record<TimingName, string>> = {}
    for (const [name, histogram] of this.timings) timings[name] = histogram.encode()
    return {
      requests: this.requests,
      successes: this.successes,
      unexpected: this.unexpected,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      coldStarts: this.coldStarts,
      errorKinds: Object.fromEntries(this.errorKinds),
      httpErrors: Object.fromEntries(this.httpErrors),
      latency: this.latency.encode(),
      timings,
    }
  }

  static deserialize(s: SerializedRequestStats): RequestStats {
    const stats = new RequestStats()
    stats.requests = s.requests
    stats.successes = s.successes
    stats.unexpected = s.unexpected ?? s.requests - s.successes
    stats.bytesIn = s.bytesIn
    stats.bytesOut = s.bytesOut
    stats.coldStarts = s.coldStarts
    for (const [kind, count] of Object.entries(s.errorKinds)) stats.errorKinds.set(kind, count)
    for (const [status, count] of Object.entries(s.httpErrors)) stats.httpErrors.set(Number(status), count)
    stats.latency.merge(LatencyHistogram.decode(s.latency))
    for (const [name, text] of Object.entries(s.timings)) {
      if (text) stats.timing(name as TimingName).merge(LatencyHistogram.decode(text))
    }
    return stats
  }
}

function bump<K>(counts: Map<K, number>, key: K, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by)
}
