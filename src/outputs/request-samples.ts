// The per-sample values one request gives, as k6 emits them: the request counted, its times in
// ms, failed or not, bytes each way. Outputs that write samples one by one (json, influxdb) share it.
import type { MetricType } from '../load/metrics/metric-catalog.ts'
import { requestTags } from '../load/live/live-collector.ts'
import type { LiveTags } from '../load/live/live-types.ts'
import { isFailure, type RequestRecord } from '../load/metrics/request-record.ts'

export type SampleSink = (metric: string, type: MetricType, value: number) => void

export function eachRequestSample(r: RequestRecord, sink: SampleSink): void {
  sink('http_reqs', 'counter', 1)
  sink('http_req_duration', 'trend', r.latencyUs / 1000)
  if (r.blockedUs !== undefined) sink('http_req_blocked', 'trend', r.blockedUs / 1000)
  if (r.connectUs !== undefined) sink('http_req_connecting', 'trend', r.connectUs / 1000)
  if (r.tlsUs !== undefined) sink('http_req_tls_handshaking', 'trend', r.tlsUs / 1000)
  if (r.sendingUs !== undefined) sink('http_req_sending', 'trend', r.sendingUs / 1000)
  if (r.waitingUs !== undefined) sink('http_req_waiting', 'trend', r.waitingUs / 1000)
  if (r.receivingUs !== undefined) sink('http_req_receiving', 'trend', r.receivingUs / 1000)
  sink('http_req_failed', 'rate', isFailure(r) ? 1 : 0)
  sink('data_sent', 'counter', r.bytesOut)
  sink('data_received', 'counter', r.bytesIn)
}

/**
 * A request's tags as an output writes them (JSON, line protocol), made once per set: most
 * requests repeat a few (requests with their own or their phase's tags are made each time).
 */
export class RequestTagText {
  private cache = new Map<string, string>()

  constructor(private readonly format: (tags: LiveTags) => string) {}

  of(r: RequestRecord): string {
    if (r.tags || r.scenarioTags) return this.format(requestTags(r))
    const key = `${r.scenario}\0${r.phase}\0${r.endpoint}\0${r.method}\0${r.status}\0${r.error ?? ''}\0${r.group}`
    let text = this.cache.get(key)
    if (text === undefined) {
      // Bounded: a run whose tags never repeat (ids in names) starts the cache again.
      if (this.cache.size >= 10_000) this.cache = new Map()
      this.cache.set(key, (text = this.format(requestTags(r))))
    }
    return text
  }
}
