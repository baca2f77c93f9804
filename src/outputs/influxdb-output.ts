/**
 * `--out influxdb=URL` (InfluxDB 1.x, as k6's: `http://host:8086/DATABASE`, default database
 * `k6`, made if missing): every sample as a line-protocol point, measurement = the metric's name,
 * field `value`, the same tags as every other output, ns timestamps, plus `vus`/`vus_max` each
 * second. Lines are buffered and written every push interval (default 1 s,
 * K6_INFLUXDB_PUSH_INTERVAL as in k6), one write at a time; the buffer holds at most
 * `maxBuffered` points, and points beyond it, or in a write that fails or times out, are dropped
 * and counted.
 */
import type { LiveSubscriber } from '../load/live/live-feed.ts'
import type { LiveTags } from '../load/live/live-types.ts'
import { basicAuthEndpoint, type Credentials } from './basic-auth.ts'
import { PushLoop } from './push-loop.ts'
import { REQUEST_COLUMNS, requestAt, REQUEST_WIDTH, type SampleBlock } from '../load/live/sample-block.ts'

export const DEFAULT_INFLUX_PUSH_MS = 1_000
export const DEFAULT_MAX_BUFFERED = 500_000

export interface InfluxOptions extends Credentials {
  pushIntervalMs?: number
  maxBuffered?: number
  timeoutMs?: number
}

export interface InfluxTarget {
  /** The server, without the database. */
  base: string
  database: string
}

/**
 * `http://127.0.0.1:8086/edgeload` -> base and database; undefined when it is not an http(s) URL
 * or its path (the database) is not valid percent-encoding (`/%zz`).
 */
export function influxTarget(url: string): InfluxTarget | undefined {
  let parsed: URL
  let database: string
  try {
    parsed = new URL(url)
    database = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, '')) || 'k6'
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined
  return { base: `${parsed.protocol}//${parsed.host}`, database }
}

export function influxOutput(target: string, options: InfluxOptions = {}): LiveSubscriber & { buffered(): number } {
  const { url, headers } = basicAuthEndpoint(target, options)
  const { base, database } = influxTarget(url)!
  const pushIntervalMs = options.pushIntervalMs ?? DEFAULT_INFLUX_PUSH_MS
  const maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED
  const timeoutMs = options.timeoutMs ?? 10_000
  // Lines wait as chunks of text (a block's worth at most), `buffered` points in all.
  let chunks: string[] = []
  let buffered = 0
  const loop = new PushLoop(pushIntervalMs)
  let created = false

  // Points of one series at one timestamp overwrite each other in InfluxDB: timestamps are
  // microseconds with a running count in the nanoseconds, so two requests in the same µs both stay.
  let sequence = 0
  const nanos = (epochMs: number) => `${Math.round(epochMs * 1000)}${SEQUENCE[sequence++ % 1000]}`
  const dropped = (points: number) => loop.drop(points, `more than ${maxBuffered} points waited for the endpoint`)
  const keep = (text: string, points: number) => {
    if (points === 0) return
    chunks.push(text)
    buffered += points
  }
  // While a write is going, points wait in the buffer (up to its bound).
  const push = (): void => {
    if (loop.busy || buffered === 0) return
    const body = chunks.join('')
    const points = buffered
    chunks = []
    buffered = 0
    loop.start(points, async () => {
      if (!created) created = await createDatabase(base, database, headers, timeoutMs)
      await send(`${base}/write?db=${encodeURIComponent(database)}&precision=ns`, headers, body, timeoutMs)
    })
  }

  const requests = (block: SampleBlock, startEpochMs: number): void => {
    // `measurement,tags value=` made once per tag set and column.
    const heads: (string | undefined)[] = []
    const width = REQUEST_COLUMNS.length
    let text = ''
    let points = 0
    let over = 0
    for (let i = 0; i < block.requests; i++) {
      const ns = nanos(startEpochMs + requestAt(block, i))
      const t = block.requestTags[i]! * width
      const at = i * REQUEST_WIDTH
      for (let c = 0; c < width; c++) {
        const value = block.requestValues[at + c]!
        if (value !== value) continue // NaN: not measured
        if (buffered + points >= maxBuffered) {
          over++
          continue
        }
        text += (heads[t + c] ??= `${escapeKey(REQUEST_COLUMNS[c]!.metric)}${tagSet(block.tagSets[block.requestTags[i]!]!)} value=`) + value + ' ' + ns + '\n'
        points++
      }
    }
    if (over) dropped(over)
    keep(text, points)
  }

  const pointsOf = (block: SampleBlock, startEpochMs: number): void => {
    const tagText = block.tagSets.map(tagSet)
    let text = ''
    let points = 0
    for (let i = 0; i < block.points; i++) {
      if (buffered + points >= maxBuffered) {
        dropped(block.points - i)
        break
      }
      const metric = block.metrics[block.pointMetrics[i]!]!.metric
      text += `${escapeKey(metric)}${tagText[block.pointTags[i]!]} value=${block.pointValues[i * 2]} ${nanos(startEpochMs + block.pointValues[i * 2 + 1]!)}\n`
      points++
    }
    keep(text, points)
  }

  return {
    name: `influxdb=${url}`,
    samples: true,
    maxQueued: 256,
    write(batch) {
      if (batch.kind === 'samples') {
        for (const block of batch.blocks) {
          requests(block, batch.startEpochMs)
          pointsOf(block, batch.startEpochMs)
        }
      } else if (batch.kind === 'second') {
        const { vus, vusMax, epochMs } = batch.snapshot
        const ns = nanos(epochMs)
        if (buffered + 2 > maxBuffered) dropped(2)
        else keep(`vus value=${vus} ${ns}\nvus_max value=${vusMax} ${ns}\n`, 2)
      }
      if (loop.due()) push()
    },
    close: () => loop.finish(push),
    // What still waits when the run ends is lost too.
    ...loop.counts(() => buffered),
    /** Points waiting for the next write (at most maxBuffered). */
    buffered: () => buffered,
  }
}

/** The running count in a timestamp's last three digits. */
const SEQUENCE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))

/** `,tag=value,...` in sorted order (InfluxDB's preferred), empty values left out. */
function tagSet(tags: LiveTags): string {
  let text = ''
  for (const name of Object.keys(tags).sort()) {
    const value = tags[name]!
    if (value !== '') text += `,${escapeKey(name)}=${escapeKey(value)}`
  }
  return text
}

/** Line protocol escapes commas, equals signs and spaces in names and tag values. */
function escapeKey(text: string): string {
  return text.replace(/[,= \\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')
}

/** InfluxDB 1.x: CREATE DATABASE is a no-op when it exists. */
async function createDatabase(base: string, database: string, headers: Record<string, string>, timeoutMs: number): Promise<boolean> {
  await send(`${base}/query`, headers, new URLSearchParams({ q: `CREATE DATABASE "${database.replace(/"/g, '\\"')}"` }), timeoutMs)
  return true
}

async function send(url: string, headers: Record<string, string>, body: string | URLSearchParams, timeoutMs: number): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) })
  const text = await response.text()
  if (!response.ok) throw new Error(`${url.split('?')[0]} answered ${response.status}: ${text.slice(0, 200).trim()}`)
}
