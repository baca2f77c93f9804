// The per-sample values one request gives, as k6 emits them: the request counted, its times in
// ms, failed or not, bytes each way. Outputs that write samples one by one (json, influxdb) share it.
import type { MetricType } from '../load/metrics/metric-catalog.ts'
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
