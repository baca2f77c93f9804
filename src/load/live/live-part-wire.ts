// A worker thread's LivePart crosses to the main thread by structured clone: histograms go
// encoded (as the run's final metrics do), everything else is plain data already.
import { LatencyHistogram } from '../metrics/latency-histogram.ts'
import type { LivePart } from './live-collector.ts'
import type { LiveSeries } from './live-types.ts'

export type WireSeries = Omit<LiveSeries, 'histogram'> & { histogram?: string }
export type WirePart = Omit<LivePart, 'series'> & { series: WireSeries[] }

export function partToWire(part: LivePart): WirePart {
  return { ...part, series: part.series.map(({ histogram, ...rest }) => (histogram ? { ...rest, histogram: histogram.encode() } : rest)) }
}

export function partFromWire(wire: WirePart): LivePart {
  return { ...wire, series: wire.series.map(({ histogram, ...rest }) => (histogram ? { ...rest, histogram: LatencyHistogram.decode(histogram) } : rest)) }
}
