// Merging what summaries carry, exactly: encoded histograms add bucket by bucket, per-second rows
// add second by second on the wall clock. `compare` (bootstrap resamples), `merge` (the parts of a
// distributed run) and --workers all rest on these.
import { LatencyHistogram, type Precision } from '../load/metrics/latency-histogram.ts'
import { combineSeconds, emptySecond, type SecondRow } from '../load/metrics/second-series.ts'

/** One histogram holding every value of `histograms` (undefined ones skipped). */
export function mergeHistograms(histograms: readonly (LatencyHistogram | undefined)[], precision: Precision = 3): LatencyHistogram {
  const merged = new LatencyHistogram(precision)
  for (const histogram of histograms) if (histogram) merged.merge(histogram)
  return merged
}

/** Encoded histograms merged into one encoded histogram ('' when all are empty). */
export function mergeEncoded(texts: readonly string[], precision: Precision = 3): string {
  const merged = mergeHistograms(texts.filter(Boolean).map((text) => LatencyHistogram.decode(text)), precision)
  return merged.count === 0 ? '' : merged.encode()
}

/**
 * Per-second series of runs made at the same time (parts of one distributed run) as one series:
 * each row goes to the second its wall-clock start falls in, counted from the earliest part's
 * second 0; requests, errors and threads add up and histograms merge. Parts whose clocks started
 * within a few ms of each other (`--start-at`) line up exactly; otherwise a row lands in the
 * nearest second.
 */
export function mergeSeriesByWallClock(parts: readonly (readonly SecondRow[])[]): SecondRow[] {
  const rows = parts.flat()
  if (rows.length === 0) return []
  const origin = Math.min(...parts.filter((p) => p.length > 0).map((p) => p[0]!.startMs - p[0]!.second * 1000))
  const bySecond = new Map<number, SecondRow>()
  for (const row of rows) {
    const second = Math.max(0, Math.round((row.startMs - origin) / 1000))
    const placed = { ...row, second, startMs: origin + second * 1000 }
    const existing = bySecond.get(second)
    bySecond.set(second, existing ? combineSeconds(existing, placed) : placed)
  }
  const last = Math.max(...bySecond.keys())
  const merged: SecondRow[] = []
  for (let second = 0; second <= last; second++) {
    merged.push(bySecond.get(second) ?? { ...emptySecond(second), startMs: origin + second * 1000 })
  }
  return merged
}
