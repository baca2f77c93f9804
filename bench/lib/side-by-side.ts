import { fmtInt, fmtMs } from './format.ts'
import type { LoadResult } from './load-result.ts'
import { median } from './stats.ts'

export interface Contender {
  name: string
  run(): Promise<LoadResult>
}

export interface ContenderSummary {
  name: string
  runs: LoadResult[]
  /** Median of each figure over the rounds; errors are summed. */
  median: LoadResult
}

/**
 * Runs every contender once per round, reversing the order each round so
 * neither always goes first (a warm page cache, a neighbour's burst of CPU),
 * and reports the median of each figure.
 */
export async function sideBySide(contenders: readonly Contender[], rounds: number, label: string): Promise<ContenderSummary[]> {
  const runs = new Map<string, LoadResult[]>(contenders.map((c) => [c.name, []]))
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse()
    for (const c of order) {
      const result = await c.run()
      runs.get(c.name)!.push(result)
      console.log(`  ${label} round ${round + 1}/${rounds} ${c.name}: ${Math.round(result.rps)} req/s, p99 ${result.p99Ms.toFixed(3)} ms, errors ${result.errors}`)
    }
  }
  return contenders.map((c) => ({ name: c.name, runs: runs.get(c.name)!, median: summarize(runs.get(c.name)!) }))
}

/**
 * a/b req/s as the median of the per-round ratios: each round runs both back to back, so a
 * round's ratio is measured under the same conditions (a neighbour's burst of CPU hits both).
 */
export function pairedRatio(a: ContenderSummary, b: ContenderSummary): number {
  return median(a.runs.map((run, i) => run.rps / (b.runs[i]?.rps ?? Number.NaN)))
}

function summarize(results: readonly LoadResult[]): LoadResult {
  const pick = (f: (r: LoadResult) => number) => median(results.map(f))
  const rss = results.map((r) => r.peakRssBytes).filter((v): v is number => v !== undefined)
  return {
    tool: results[0]?.tool ?? '',
    requests: pick((r) => r.requests),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    rps: pick((r) => r.rps),
    p50Ms: pick((r) => r.p50Ms),
    p99Ms: pick((r) => r.p99Ms),
    ...(rss.length ? { peakRssBytes: median(rss) } : {}),
  }
}

/** A contender's medians for a row's side: `runner: 12,346 req/s, p99 4.230 ms`. */
export function describeContender(s: ContenderSummary): string {
  return `${s.name}: ${fmtInt(s.median.rps)} req/s, p99 ${fmtMs(s.median.p99Ms)}`
}
