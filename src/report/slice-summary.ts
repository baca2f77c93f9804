// Turns measured request slices (RequestStats, µs histograms) into summary objects in ms.
import type { LatencyHistogram } from '../load/metrics/latency-histogram.ts'
import type { RequestStats, TimingName } from '../load/metrics/request-stats.ts'
import type { LatencySummary, SliceHistograms, SliceSummary } from './summary-types.ts'

/** µs to ms, kept to the µs the clock measures (no 1.6640679729 ms in the JSON). */
export function usToMs(us: number): number {
  return Math.round(us) / 1000
}

/** Rounds a rate or throughput to 3 decimals, enough for any report and stable in JSON. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000
}

export function latencySummary(histogram: LatencyHistogram | undefined): LatencySummary {
  const ms = usToMs
  const h = histogram
  if (!h || h.count === 0) return { count: 0, mean: 0, stddev: 0, min: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 }
  return {
    count: h.count,
    mean: ms(h.mean),
    stddev: ms(h.stddev),
    min: ms(h.min),
    p50: ms(h.percentile(50)),
    p90: ms(h.percentile(90)),
    p95: ms(h.percentile(95)),
    p99: ms(h.percentile(99)),
    p999: ms(h.percentile(99.9)),
    max: ms(h.max),
  }
}

function optionalTiming(stats: RequestStats, name: TimingName): LatencySummary | null {
  const histogram = stats.timings.get(name)
  return histogram && histogram.count > 0 ? latencySummary(histogram) : null
}

/** `spanMs` is the time the slice's requests were spread over, for its throughput. */
export function sliceSummary(stats: RequestStats, spanMs: number): SliceSummary {
  return {
    requests: stats.requests,
    successful: stats.successes,
    failed: stats.failures,
    failedRate: stats.requests === 0 ? 0 : stats.failures / stats.requests,
    throughput: round3(perSecond(stats.requests, spanMs)),
    bytesIn: stats.bytesIn,
    bytesOut: stats.bytesOut,
    coldStarts: stats.coldStarts,
    latency: latencySummary(stats.latency),
    serverTime: optionalTiming(stats, 'server'),
    networkTime: optionalTiming(stats, 'network'),
    connecting: optionalTiming(stats, 'connecting'),
    waiting: optionalTiming(stats, 'waiting'),
    receiving: optionalTiming(stats, 'receiving'),
    corrected: optionalTiming(stats, 'corrected'),
    uncorrected: optionalTiming(stats, 'uncorrected'),
    initTime: optionalTiming(stats, 'init'),
    histograms: sliceHistograms(stats),
  }
}

function sliceHistograms(stats: RequestStats): SliceHistograms {
  const histograms: SliceHistograms = { latency: stats.latency.count > 0 ? stats.latency.encode() : '' }
  for (const [name, histogram] of stats.timings) if (histogram.count > 0) histograms[name] = histogram.encode()
  return histograms
}

export function perSecond(count: number, spanMs: number): number {
  return spanMs > 0 ? count / (spanMs / 1000) : 0
}
