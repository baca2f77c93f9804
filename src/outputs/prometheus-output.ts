/**
 * `--out prometheus=URL`: Prometheus remote write (1.0) while the run goes. Each second of the
 * live feed is added to running totals, one entry per metric and tag set (counters' totals, rates'
 * passes and counts, trends' whole-run histograms, gauges' last values), and every push interval
 * (default 5 s, K6_PROMETHEUS_RW_PUSH_INTERVAL as in k6) the totals are sent under k6's names:
 * `k6_http_reqs_total`, `k6_http_req_failed_rate`, `k6_http_req_duration_p99` (seconds), `k6_vus`...
 * Memory is the totals alone: a push that fails, times out or is still going when the next is due
 * is dropped and its samples counted, and the next push carries the totals again.
 */
import { LatencyHistogram } from '../load/metrics/latency-histogram.ts'
import { tagsKey } from '../load/live/live-collector.ts'
import type { LiveSubscriber } from '../load/live/live-feed.ts'
import type { LiveSeries, LiveSnapshot, LiveTags } from '../load/live/live-types.ts'
import { METRICS } from '../load/metrics/metric-catalog.ts'
import { customMetricTypes } from '../load/metrics/custom-metrics.ts'
import { basicAuthEndpoint, type Credentials } from './basic-auth.ts'
import { PushLoop } from './push-loop.ts'
import { encodeWriteRequest, labelName, REMOTE_WRITE_HEADERS, type RemoteSeries } from './remote-write-encoding.ts'

export const DEFAULT_PUSH_INTERVAL_MS = 5_000
/** The trend statistics sent, as k6's `K6_PROMETHEUS_RW_TREND_STATS` would name them. */
export const TREND_STATS = ['min', 'max', 'avg', 'med', 'p90', 'p95', 'p99'] as const

export interface PrometheusOptions extends Credentials {
  pushIntervalMs?: number
  /** A push that takes longer is abandoned (its samples dropped). Default: the interval, at most 10 s. */
  timeoutMs?: number
}

interface Total {
  metric: string
  type: LiveSeries['type']
  labels: Record<string, string>
  count: number
  sum: number
  histogram?: LatencyHistogram
}

export function prometheusOutput(target: string, options: PrometheusOptions = {}): LiveSubscriber {
  const { url, headers } = basicAuthEndpoint(target, options)
  const pushIntervalMs = options.pushIntervalMs ?? DEFAULT_PUSH_INTERVAL_MS
  const timeoutMs = options.timeoutMs ?? Math.min(pushIntervalMs, 10_000)
  const totals = new Map<string, Total>()
  const loop = new PushLoop(pushIntervalMs)
  let vus = 0
  let vusMax = 0
  let lastTimestamp = 0

  const push = (): void => {
    const timestampMs = Math.max(Date.now(), lastTimestamp + 1)
    lastTimestamp = timestampMs
    const series = seriesOf(totals, vus, vusMax, timestampMs)
    // The endpoint is slower than the interval: skip this push rather than queue it.
    if (loop.busy) return loop.drop(series.length, `a push took longer than ${pushIntervalMs} ms`)
    loop.start(series.length, () => send(url, headers, encodeWriteRequest(series), timeoutMs))
  }

  return {
    name: `prometheus=${url}`,
    maxQueued: 256,
    write(batch) {
      if (batch.kind !== 'second') return
      add(totals, batch.snapshot)
      vus = batch.snapshot.vus
      vusMax = batch.snapshot.vusMax
      if (loop.due()) push()
    },
    close: () => loop.finish(push),
    ...loop.counts(),
  }
}

function add(totals: Map<string, Total>, snapshot: LiveSnapshot): void {
  for (const series of snapshot.series) {
    const key = `${series.metric}\0${tagsKey(series.tags)}`
    let total = totals.get(key)
    if (!total) {
      total = { metric: series.metric, type: series.type, labels: labelsOf(series.tags), count: 0, sum: 0 }
      if (series.type === 'trend') total.histogram = new LatencyHistogram()
      totals.set(key, total)
    }
    total.count += series.count
    total.sum = series.type === 'gauge' ? series.sum : total.sum + series.sum
    if (series.histogram) total.histogram!.merge(series.histogram)
  }
}

/** Everything known so far as remote-write series, k6's names. */
function seriesOf(totals: Map<string, Total>, vus: number, vusMax: number, timestampMs: number): RemoteSeries[] {
  const out: RemoteSeries[] = [
    { labels: { __name__: 'k6_vus' }, value: vus, timestampMs },
    { labels: { __name__: 'k6_vus_max' }, value: vusMax, timestampMs },
  ]
  const at = (name: string, labels: Record<string, string>, value: number) => out.push({ labels: { ...labels, __name__: name }, value, timestampMs })
  for (const total of totals.values()) {
    const name = `k6_${labelName(total.metric)}`
    if (total.type === 'counter') at(`${name}_total`, total.labels, total.sum)
    else if (total.type === 'rate') at(`${name}_rate`, total.labels, total.count ? total.sum / total.count : 0)
    else if (total.type === 'gauge') at(name, total.labels, total.sum)
    else {
      const h = total.histogram!
      if (h.count === 0) continue
      // Request times are µs and custom trends thousandths: a time metric goes out in seconds (k6), others as added.
      const scale = isTime(total.metric) ? 1e-6 : 1e-3
      const stats: Record<(typeof TREND_STATS)[number], number> = {
        min: h.min, max: h.max, avg: h.mean, med: h.percentile(50), p90: h.percentile(90), p95: h.percentile(95), p99: h.percentile(99),
      }
      for (const stat of TREND_STATS) at(`${name}_${stat}`, total.labels, stats[stat] * scale)
    }
  }
  return out
}

function isTime(metric: string): boolean {
  return METRICS[metric]?.time ?? customMetricTypes().get(metric)?.time ?? false
}

function labelsOf(tags: LiveTags): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const [tag, value] of Object.entries(tags)) if (value !== '') labels[labelName(tag)] = value
  return labels
}

async function send(url: string, auth: Record<string, string>, body: Uint8Array, timeoutMs: number): Promise<void> {
  // A copy on an ArrayBuffer of its own, as fetch's body type wants.
  const response = await fetch(url, { method: 'POST', headers: { ...REMOTE_WRITE_HEADERS, ...auth }, body: new Uint8Array(body), signal: AbortSignal.timeout(timeoutMs) })
  const text = await response.text()
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 200).trim()}`)
}
