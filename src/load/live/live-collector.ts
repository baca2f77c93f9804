// The live feed's side in each process of a run (the main thread, or each worker thread):
// RunMetrics hands it every sample while a feed is attached; once a second the metrics ticker
// takes what it gathered as one part of a LiveSnapshot. Memory is bounded: one entry per metric
// and tag set per second, and at most `maxSamples` samples kept a second (the rest counted).
import { LatencyHistogram } from '../metrics/latency-histogram.ts'
import type { MetricType } from '../metrics/metric-catalog.ts'
import { isFailure, type RequestRecord } from '../metrics/request-record.ts'
import type { LiveSeries, LiveTags } from './live-types.ts'
import { SampleBlockBuilder, type SampleBlock } from './sample-block.ts'

/** What one process gathered over one second; the feed adds the parts of all processes up. */
export interface LivePart {
  series: LiveSeries[]
  /** The second's samples (and how many were left out), when an output wants them one by one. */
  samples: SampleBlock | undefined
}

export const DEFAULT_MAX_SAMPLES = 200_000

interface RequestSecond {
  tags: LiveTags
  count: number
  failed: number
  bytesIn: number
  bytesOut: number
  duration: LatencyHistogram
  waiting: LatencyHistogram | undefined
}

/** The fields of a request's key, as the last request of its endpoint had them. */
interface LastTagSet {
  scenario: string
  phase: string
  method: string
  status: number
  error: RequestRecord['error']
  group: string
  scenarioTags: RequestRecord['scenarioTags']
  tags: RequestRecord['tags']
  second: RequestSecond
}

export class LiveCollector {
  private requestSeries = new Map<string, RequestSecond>()
  /** Series of samples that are not requests, by tag set (tagsKey), then metric. */
  private series = new Map<string, Map<string, LiveSeries>>()
  /** Each endpoint's last tag set this second, and its entry. */
  private lastByEndpoint = new Map<string, LastTagSet>()
  private readonly kept: SampleBlockBuilder | undefined
  private readonly userKeys = new WeakMap<object, string>()

  /** `samples`: keep each sample too (an output wants them one by one). */
  constructor(readonly samples: boolean, maxSamples = DEFAULT_MAX_SAMPLES) {
    this.kept = samples ? new SampleBlockBuilder(maxSamples) : undefined
  }

  request(r: RequestRecord): void {
    // Most requests repeat the last tag set of their endpoint: the same strings and tag objects,
    // compared without building the key.
    const last = this.lastByEndpoint.get(r.endpoint)
    let second: RequestSecond
    if (last !== undefined && last.scenario === r.scenario && last.phase === r.phase && last.method === r.method && last.status === r.status
      && last.error === r.error && last.group === r.group && last.scenarioTags === r.scenarioTags && last.tags === r.tags) {
      second = last.second
    } else {
      const key = `${r.scenario}\0${r.phase}\0${r.endpoint}\0${r.method}\0${r.status}\0${r.error ?? ''}\0${r.group}\0${this.userKey(r.scenarioTags)}\0${this.userKey(r.tags)}`
      let found = this.requestSeries.get(key)
      if (!found) {
        found = { tags: requestTags(r), count: 0, failed: 0, bytesIn: 0, bytesOut: 0, duration: new LatencyHistogram(), waiting: undefined }
        this.requestSeries.set(key, found)
      }
      second = found
      this.lastByEndpoint.set(r.endpoint, {
        scenario: r.scenario, phase: r.phase, method: r.method, status: r.status, error: r.error, group: r.group,
        scenarioTags: r.scenarioTags, tags: r.tags, second,
      })
    }
    second.count++
    if (isFailure(r)) second.failed++
    second.bytesIn += r.bytesIn
    second.bytesOut += r.bytesOut
    second.duration.record(r.latencyUs)
    if (r.waitingUs !== undefined) (second.waiting ??= new LatencyHistogram()).record(r.waitingUs)
    this.kept?.request(r, second.tags)
  }

  /**
   * A sample that is not a request. `stored`: the value as histograms keep it (thousandths for a
   * trend), `value` as reported.
   */
  point(metric: string, type: MetricType, value: number, stored: number, atMs: number, tags: LiveTags): void {
    const tagsText = this.userKey(tags)
    let byMetric = this.series.get(tagsText)
    if (!byMetric) this.series.set(tagsText, (byMetric = new Map()))
    let series = byMetric.get(metric)
    if (!series) {
      series = { metric, type, tags, count: 0, sum: 0, histogram: type === 'trend' ? new LatencyHistogram() : undefined }
      byMetric.set(metric, series)
    }
    series.count++
    if (type === 'gauge') series.sum = value
    else if (type === 'trend') series.histogram!.record(Math.max(0, Math.round(stored)))
    else series.sum += value
    this.kept?.point(metric, type, value, atMs, tags)
  }

  /** The second gathered so far, handed over; the collector starts the next one empty. */
  take(): LivePart {
    const series: LiveSeries[] = []
    for (const byMetric of this.series.values()) series.push(...byMetric.values())
    for (const second of this.requestSeries.values()) series.push(...requestSeriesOf(second))
    const part = { series, samples: this.kept?.take() }
    this.requestSeries = new Map()
    this.series = new Map()
    this.lastByEndpoint = new Map()
    return part
  }

  /** Tags come as the same few objects again and again: their key is made once each. */
  private userKey(tags: LiveTags | undefined): string {
    if (!tags) return ''
    let key = this.userKeys.get(tags)
    if (key === undefined) this.userKeys.set(tags, (key = tagsKey(tags)))
    return key
  }
}

/** k6's tags of a request sample, user tags (the phase's, then the request's own) on top. */
function requestTags(r: RequestRecord): LiveTags {
  const tags: Record<string, string> = {
    scenario: r.scenario, phase: r.phase, name: r.endpoint, method: r.method, status: String(r.status),
    expected_response: String(!isFailure(r)),
  }
  if (r.group) tags.group = r.group
  if (r.error) tags.error = r.error
  return { ...r.scenarioTags, ...r.tags, ...tags }
}

function requestSeriesOf(second: RequestSecond): LiveSeries[] {
  const { tags, count } = second
  const series: LiveSeries[] = [
    { metric: 'http_reqs', type: 'counter', tags, count, sum: count },
    { metric: 'http_req_failed', type: 'rate', tags, count, sum: second.failed },
    { metric: 'http_req_duration', type: 'trend', tags, count, sum: 0, histogram: second.duration },
    { metric: 'data_received', type: 'counter', tags, count, sum: second.bytesIn },
    { metric: 'data_sent', type: 'counter', tags, count, sum: second.bytesOut },
  ]
  if (second.waiting) series.push({ metric: 'http_req_waiting', type: 'trend', tags, count: second.waiting.count, sum: 0, histogram: second.waiting })
  return series
}

/** The same tags always give the same key, whatever their order. */
export function tagsKey(tags: LiveTags): string {
  const names = Object.keys(tags)
  if (names.length > 1) names.sort()
  let key = ''
  for (const name of names) key += `${name}\u0001${tags[name]}\u0002`
  return key
}
