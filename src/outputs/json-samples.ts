/**
 * `--out json=FILE[.gz]`: every sample of the run, one JSON object a line, in k6's format (a
 * `Metric` line before a metric's first `Point`, then a `Point` per value), so tools that read
 * k6's JSON output read this. Gzipped when the name ends in `.gz`. Written as the live feed hands
 * each second's samples over; a disk slower than the run makes the feed drop (and count) them.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { createGzip, type Gzip } from 'node:zlib'
import type { LiveSubscriber } from '../load/live/live-feed.ts'
import type { LiveBatch, LivePoint } from '../load/live/live-types.ts'
import { METRICS, type MetricType } from '../load/metrics/metric-catalog.ts'
import { customMetricTypes } from '../load/metrics/custom-metrics.ts'
import type { RequestRecord } from '../load/metrics/request-record.ts'
import { eachRequestSample, RequestTagText } from './request-samples.ts'

export function jsonSamplesOutput(file: string): LiveSubscriber {
  const fileStream = createWriteStream(file)
  const gzip: Gzip | undefined = file.endsWith('.gz') ? createGzip() : undefined
  if (gzip) gzip.pipe(fileStream)
  const sink: WriteStream | Gzip = gzip ?? fileStream
  let failure: Error | undefined
  const failed = (error: Error) => (failure ??= error)
  fileStream.on('error', failed)
  gzip?.on('error', failed)
  const lines = new K6JsonLines()
  return {
    name: `json=${file}`,
    samples: true,
    seconds: false,
    async write(batch) {
      if (failure) throw failure
      if (batch.kind !== 'samples') return
      const text = lines.batch(batch.requests, batch.points, batch.startEpochMs)
      if (!sink.write(text)) await Promise.race([once(sink, 'drain'), once(fileStream, 'error')])
      if (failure) throw failure
    },
    async close() {
      const finished = once(fileStream, 'close')
      sink.end()
      await finished
      if (failure) throw failure
    },
  }
}

/** Turns samples into k6's JSON lines, announcing each metric once. */
export class K6JsonLines {
  private readonly announced = new Set<string>()
  private readonly tagsJson = new RequestTagText(JSON.stringify)
  private lastMs = Number.NaN
  private lastTime = ''

  batch(requests: readonly RequestRecord[], points: readonly LivePoint[], startEpochMs: number): string {
    let text = ''
    for (const r of requests) text += this.request(r, startEpochMs)
    for (const p of points) text += this.point(p.metric, p.type, p.value, this.time(startEpochMs + p.atMs), JSON.stringify(p.tags))
    return text
  }

  request(r: RequestRecord, startEpochMs: number): string {
    const time = this.time(startEpochMs + r.atMs)
    const tags = this.tagsJson.of(r)
    let text = ''
    eachRequestSample(r, (metric, type, value) => (text += this.point(metric, type, value, time, tags)))
    return text
  }

  /** ISO time to the millisecond, made once per millisecond. */
  private time(epochMs: number): string {
    const ms = Math.floor(epochMs)
    if (ms !== this.lastMs) {
      this.lastMs = ms
      this.lastTime = new Date(ms).toISOString()
    }
    return this.lastTime
  }

  private point(metric: string, type: MetricType, value: number, time: string, tags: string): string {
    const head = this.announced.has(metric) ? '' : this.announce(metric, type)
    return `${head}{"type":"Point","data":{"time":"${time}","value":${value},"tags":${tags}},"metric":"${metric}"}\n`
  }

  private announce(metric: string, type: MetricType): string {
    this.announced.add(metric)
    const time = METRICS[metric]?.time ?? customMetricTypes().get(metric)?.time ?? false
    const contains = time ? 'time' : metric.startsWith('data_') ? 'data' : 'default'
    return `${JSON.stringify({ type: 'Metric', data: { name: metric, type, contains, thresholds: [], submetrics: null }, metric })}\n`
  }
}
