// One process's samples of one second, for outputs that write every sample (--out json=,
// influxdb=): numbers in typed columns and tag sets in a table, so a second of 100,000 requests
// is a few arrays, not 300,000 objects for the garbage collector to carry, and a worker thread
// hands it over by structured clone as it is.
import type { MetricType } from '../metrics/metric-catalog.ts'
import { isFailure, type RequestRecord } from '../metrics/request-record.ts'
import type { LiveTags } from './live-tags.ts'

/** What a request sample holds, one column each: k6's metrics of one request (ms, bytes), its time. */
export const REQUEST_COLUMNS = [
  { metric: 'http_reqs', type: 'counter' },
  { metric: 'http_req_duration', type: 'trend' },
  { metric: 'http_req_blocked', type: 'trend' },
  { metric: 'http_req_connecting', type: 'trend' },
  { metric: 'http_req_tls_handshaking', type: 'trend' },
  { metric: 'http_req_sending', type: 'trend' },
  { metric: 'http_req_waiting', type: 'trend' },
  { metric: 'http_req_receiving', type: 'trend' },
  { metric: 'http_req_failed', type: 'rate' },
  { metric: 'data_sent', type: 'counter' },
  { metric: 'data_received', type: 'counter' },
] as const satisfies readonly { metric: string; type: MetricType }[]

/** The columns above, then the request's time (ms on the run's clock). */
export const REQUEST_WIDTH = REQUEST_COLUMNS.length + 1
const AT = REQUEST_COLUMNS.length

export interface SampleBlock {
  /** Tag sets the samples point into. */
  tagSets: LiveTags[]
  /** Metrics of the points. */
  metrics: { metric: string; type: MetricType }[]
  requests: number
  /** REQUEST_WIDTH numbers a request; NaN where a time was not measured (a reused connection's connect). */
  requestValues: Float64Array
  requestTags: Uint32Array
  points: number
  /** Value, then time (ms on the run's clock), a point. */
  pointValues: Float64Array
  pointMetrics: Uint32Array
  pointTags: Uint32Array
  /** Samples left out this second: past the builder's bound. */
  dropped: number
}

/** Request `i`'s time on the run's clock (ms). */
export function requestAt(block: SampleBlock, i: number): number {
  return block.requestValues[i * REQUEST_WIDTH + AT]!
}

/** Gathers one second's samples, at most `maxSamples` (the rest counted); take() hands them over and starts again empty. */
export class SampleBlockBuilder {
  private tagSets: LiveTags[] = []
  private tagIndex = new Map<LiveTags, number>()
  private metrics: SampleBlock['metrics'] = []
  private metricIndex = new Map<string, number>()
  private requests = 0
  private requestValues = new Float64Array(REQUEST_WIDTH * 1024)
  private requestTags = new Uint32Array(1024)
  private points = 0
  private pointValues = new Float64Array(2 * 1024)
  private pointMetrics = new Uint32Array(1024)
  private pointTags = new Uint32Array(1024)
  private dropped = 0

  constructor(private readonly maxSamples: number) {}

  private full(): boolean {
    if (this.requests + this.points < this.maxSamples) return false
    this.dropped++
    return true
  }

  /** `tags`: the request's tag set as the collector made it (one object a set and second). */
  request(r: RequestRecord, tags: LiveTags): void {
    if (this.full()) return
    if (this.requests === this.requestTags.length) {
      this.requestValues = grow(this.requestValues)
      this.requestTags = grow(this.requestTags)
    }
    const at = this.requests * REQUEST_WIDTH
    const v = this.requestValues
    v[at] = 1
    v[at + 1] = r.latencyUs / 1000
    v[at + 2] = r.blockedUs === undefined ? Number.NaN : r.blockedUs / 1000
    v[at + 3] = r.connectUs === undefined ? Number.NaN : r.connectUs / 1000
    v[at + 4] = r.tlsUs === undefined ? Number.NaN : r.tlsUs / 1000
    v[at + 5] = r.sendingUs === undefined ? Number.NaN : r.sendingUs / 1000
    v[at + 6] = r.waitingUs === undefined ? Number.NaN : r.waitingUs / 1000
    v[at + 7] = r.receivingUs === undefined ? Number.NaN : r.receivingUs / 1000
    v[at + 8] = isFailure(r) ? 1 : 0
    v[at + 9] = r.bytesOut
    v[at + 10] = r.bytesIn
    v[at + AT] = r.atMs
    this.requestTags[this.requests++] = this.tagsAt(tags)
  }

  point(metric: string, type: MetricType, value: number, atMs: number, tags: LiveTags): void {
    if (this.full()) return
    if (this.points === this.pointTags.length) {
      this.pointValues = grow(this.pointValues)
      this.pointMetrics = grow(this.pointMetrics)
      this.pointTags = grow(this.pointTags)
    }
    let m = this.metricIndex.get(metric)
    if (m === undefined) {
      m = this.metrics.push({ metric, type }) - 1
      this.metricIndex.set(metric, m)
    }
    this.pointValues[this.points * 2] = value
    this.pointValues[this.points * 2 + 1] = atMs
    this.pointMetrics[this.points] = m
    this.pointTags[this.points++] = this.tagsAt(tags)
  }

  take(): SampleBlock {
    const block: SampleBlock = {
      tagSets: this.tagSets, metrics: this.metrics,
      requests: this.requests, requestValues: this.requestValues.slice(0, this.requests * REQUEST_WIDTH), requestTags: this.requestTags.slice(0, this.requests),
      points: this.points, pointValues: this.pointValues.slice(0, this.points * 2), pointMetrics: this.pointMetrics.slice(0, this.points), pointTags: this.pointTags.slice(0, this.points),
      dropped: this.dropped,
    }
    this.tagSets = []
    this.tagIndex = new Map()
    this.metrics = []
    this.metricIndex = new Map()
    this.requests = 0
    this.points = 0
    this.dropped = 0
    return block
  }

  private tagsAt(tags: LiveTags): number {
    let i = this.tagIndex.get(tags)
    if (i === undefined) {
      i = this.tagSets.push(tags) - 1
      this.tagIndex.set(tags, i)
    }
    return i
  }
}

function grow<T extends Float64Array | Uint32Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2)
  bigger.set(array)
  return bigger
}
