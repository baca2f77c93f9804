/**
 * Whether the parts given to `merge` ran together (docs/distributed.md, "What merge refuses"):
 * parts of one run share its identity (part-record.ts `runId`: the scenario, the number of parts,
 * the --start-at and the target), and without a --start-at they must at least have run at the
 * same time. A part that started late, or began a phase at another moment than the other parts,
 * is merged but said so: its lateness is in the merged wall time and phase times.
 */
import type { Summary } from '../report/summary-types.ts'

export interface TimedPart {
  source: string
  index: number
  count: number
  startedAtMs: number
  wallMs: number
  /** The part's `--start-at` (epoch ms), when it had one. */
  startAtMs: number | undefined
  target: string
  phases: Pick<Summary['phases'][number], 'name' | 'threads' | 'startMs'>[]
}

/** Later than this after the common start (or the earliest part) and a part is flagged. */
export const LATE_MS = 1000

/** Why `part` is not of the same run as `first`, or undefined. */
export function otherRunProblem(part: TimedPart, first: TimedPart): string | undefined {
  const name = (p: TimedPart) => `${p.source} (${p.index}/${p.count})`
  if (part.startAtMs !== first.startAtMs) {
    const at = (p: TimedPart) => (p.startAtMs === undefined ? 'without --start-at' : `with --start-at ${new Date(p.startAtMs).toISOString()}`)
    return `${name(part)} is a part of another run: it ran ${at(part)}, but ${name(first)} ${at(first)}; the parts of one run share one --start-at`
  }
  if (part.target !== first.target) {
    return `${name(part)} is a part of another run: it ran against ${part.target}, but ${name(first)} against ${first.target}`
  }
  return undefined
}

/** Parts without a common start must have overlapped in time: one that began after another ended did not run with it. */
export function notTogetherProblem(parts: readonly TimedPart[]): string | undefined {
  for (const part of parts) {
    const ended = parts.find((other) => other !== part && part.startedAtMs >= other.startedAtMs + other.wallMs)
    if (ended) {
      const gap = (part.startedAtMs - (ended.startedAtMs + ended.wallMs)) / 1000
      return `${part.source} (${part.index}/${part.count}) did not run with ${ended.source} (${ended.index}/${ended.count}): it started ${gap.toFixed(1)} s after that part had ended; ` +
        'the parts of one run run at the same time (give them one --start-at)'
    }
  }
  return undefined
}

/** Lines for the parts that began their first phase late, and phases the parts began at different moments. */
export function timingWarnings(parts: readonly TimedPart[]): string[] {
  const warnings: string[] = []
  const origin = Math.min(...parts.map((p) => p.startAtMs ?? p.startedAtMs))
  for (const part of parts) {
    // A part up to a minute late keeps the common clock, so its first phase starts late on it.
    const late = part.startedAtMs + (part.phases.length ? Math.min(...part.phases.map((phase) => phase.startMs)) : 0) - origin
    if (late > LATE_MS) {
      warnings.push(`${part.source} (${part.index}/${part.count}) started ${(late / 1000).toFixed(1)} s after ${part.startAtMs !== undefined ? 'the common start (--start-at)' : 'the earliest part'}: ` +
        'the merged wall time, throughput and phase times include that delay')
    }
  }
  const names = [...new Set(parts.flatMap((p) => p.phases.map((phase) => phase.name)))]
  for (const name of names) {
    const starts = parts.flatMap((p) => p.phases.filter((phase) => phase.name === name && phase.threads > 0).map((phase) => ({ part: p, at: p.startedAtMs + phase.startMs })))
    if (starts.length < 2) continue
    starts.sort((x, y) => x.at - y.at)
    const spread = starts.at(-1)!.at - starts[0]!.at
    if (spread > LATE_MS) {
      warnings.push(`phase ${name} began ${(spread / 1000).toFixed(1)} s apart in the parts (${starts[0]!.part.source} first, ${starts.at(-1)!.part.source} last): ` +
        'its merged times span both and may overlap the phases next to it')
    }
  }
  return warnings
}
