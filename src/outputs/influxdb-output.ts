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
import { eachRequestSample, RequestTagText } from './request-samples.ts'

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
  let lines: string[] = []
  const requestTagSets = new RequestTagText(tagSet)
  const loop = new PushLoop(pushIntervalMs)
  let created = false

  // Points of one series at one timestamp overwrite each other in InfluxDB: timestamps are
  // microseconds with a running count in the nanoseconds, so two requests in the same µs both stay.
  let sequence = 0
  const nanos = (epochMs: number) => `${Math.round(epochMs * 1000)}${String(sequence++ % 1000).padStart(3, '0')}`
  const keep = (line: string) => {
    if (lines.length < maxBuffered) lines.push(line)
    else loop.drop(1, `more than ${maxBuffered} points waited for the endpoint`)
  }
  // While a write is going, points wait in the buffer (up to its bound).
  const push = (): void => {
    if (loop.busy || lines.length === 0) return
    const batch = lines
    lines = []
    loop.start(batch.length, async () => {
      if (!created) created = await createDatabase(base, database, headers, timeoutMs)
      await send(`${base}/write?db=${encodeURIComponent(database)}&precision=ns`, headers, `${batch.join('\n')}\n`, timeoutMs)
    })
  }

  return {
    name: `influxdb=${url}`,
    samples: true,
    maxQueued: 256,
    write(batch) {
      if (batch.kind === 'samples') {
        for (const r of batch.requests) {
          const tags = requestTagSets.of(r)
          const ns = nanos(batch.startEpochMs + r.atMs)
          eachRequestSample(r, (metric, _type, value) => keep(`${escapeKey(metric)}${tags} value=${value} ${ns}`))
        }
        for (const p of batch.points) keep(`${escapeKey(p.metric)}${tagSet(p.tags)} value=${p.value} ${nanos(batch.startEpochMs + p.atMs)}`)
      } else if (batch.kind === 'second') {
        const { vus, vusMax, epochMs } = batch.snapshot
        const ns = nanos(epochMs)
        keep(`vus value=${vus} ${ns}`)
        keep(`vus_max value=${vusMax} ${ns}`)
      }
      if (loop.due()) push()
    },
    close: () => loop.finish(push),
    // What still waits when the run ends is lost too.
    ...loop.counts(() => lines.length),
    /** Points waiting for the next write (at most maxBuffered). */
    buffered: () => lines.length,
  }
}

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
