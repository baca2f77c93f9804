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
import { REQUEST_COLUMNS, requestAt, REQUEST_WIDTH, type SampleBlock } from '../load/live/sample-block.ts'
import { METRICS, type MetricType } from '../load/metrics/metric-catalog.ts'
import { customMetricTypes } from '../load/metrics/custom-metrics.ts'

/** Requests encoded into one string before it is written: a few MB at most, never a whole second. */
const ROWS_PER_WRITE = 2_000

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
  const write = async (text: string) => {
    if (!sink.write(text)) await Promise.race([once(sink, 'drain'), once(fileStream, 'error')])
    if (failure) throw failure
  }
  return {
    name: `json=${file}`,
    samples: true,
    seconds: false,
    async write(batch) {
      if (failure) throw failure
      if (batch.kind !== 'samples') return
      for (const block of batch.blocks) {
        for (let from = 0; from < block.requests; from += ROWS_PER_WRITE) {
          await write(lines.requests(block, from, Math.min(block.requests, from + ROWS_PER_WRITE), batch.startEpochMs))
        }
        for (let from = 0; from < block.points; from += ROWS_PER_WRITE) {
          await write(lines.points(block, from, Math.min(block.points, from + ROWS_PER_WRITE), batch.startEpochMs))
        }
      }
    },
    async close() {
      const finished = once(fileStream, 'close')
      sink.end()
      await finished
      if (failure) throw failure
    },
  }
}

const POINT_HEAD = '{"type":"Point","data":{"time":"'
const VALUE = '","value":'

/**
 * Turns sample blocks into k6's JSON lines, announcing each metric once. A line is its fixed head,
 * the time, the value and a tail made once per block for each tag set and metric
 * (`,"tags":{...}},"metric":"http_reqs"}`).
 */
export class K6JsonLines {
  private readonly announced = new Set<string>()
  private readonly requestColumnAnnounced = REQUEST_COLUMNS.map(() => false)
  private lastMs = Number.NaN
  private lastTime = ''
  private block: SampleBlock | undefined
  private requestTails: (string | undefined)[] = []
  private pointTails: (string | undefined)[] = []

  requests(block: SampleBlock, from: number, to: number, startEpochMs: number): string {
    this.use(block)
    const tails = this.requestTails
    const v = block.requestValues
    const width = REQUEST_COLUMNS.length
    let text = ''
    for (let i = from; i < to; i++) {
      const time = this.time(startEpochMs + requestAt(block, i))
      const t = block.requestTags[i]! * width
      const at = i * REQUEST_WIDTH
      for (let c = 0; c < width; c++) {
        const value = v[at + c]!
        if (value !== value) continue // NaN: not measured
        if (!this.requestColumnAnnounced[c]) {
          this.requestColumnAnnounced[c] = true
          if (!this.announced.has(REQUEST_COLUMNS[c]!.metric)) text += this.announce(REQUEST_COLUMNS[c]!.metric, REQUEST_COLUMNS[c]!.type)
        }
        text += POINT_HEAD + time + VALUE + value + (tails[t + c] ??= this.tail(block, block.requestTags[i]!, REQUEST_COLUMNS[c]!.metric))
      }
    }
    return text
  }

  points(block: SampleBlock, from: number, to: number, startEpochMs: number): string {
    this.use(block)
    const tails = this.pointTails
    const metrics = block.metrics.length
    let text = ''
    for (let i = from; i < to; i++) {
      const m = block.pointMetrics[i]!
      const { metric, type } = block.metrics[m]!
      if (!this.announced.has(metric)) text += this.announce(metric, type)
      const time = this.time(startEpochMs + block.pointValues[i * 2 + 1]!)
      const tag = block.pointTags[i]!
      text += POINT_HEAD + time + VALUE + block.pointValues[i * 2]! + (tails[tag * metrics + m] ??= this.tail(block, tag, metric))
    }
    return text
  }

  /** A block's tails (tag set x metric) are made as they are first needed, and kept while it is written. */
  private use(block: SampleBlock): void {
    if (this.block === block) return
    this.block = block
    this.requestTails = []
    this.pointTails = []
  }

  private tail(block: SampleBlock, tagSet: number, metric: string): string {
    return `,"tags":${JSON.stringify(block.tagSets[tagSet])}},"metric":"${metric}"}\n`
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

  private announce(metric: string, type: MetricType): string {
    this.announced.add(metric)
    const time = METRICS[metric]?.time ?? customMetricTypes().get(metric)?.time ?? false
    const contains = time ? 'time' : metric.startsWith('data_') ? 'data' : 'default'
    return `${JSON.stringify({ type: 'Metric', data: { name: metric, type, contains, thresholds: [], submetrics: null }, metric })}\n`
  }
}
