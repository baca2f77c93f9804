/**
 * `--segment i/n` (docs/distributed.md): this process runs part i of n of every phase, 1-based as
 * people count machines ("part 1 of 4" ... "part 4 of 4"). Internally a `Part` is 0-based, as the
 * executors' split is; a Kubernetes pod turns its 0-based JOB_COMPLETION_INDEX into i = index + 1.
 */
import type { Part } from '../load/executors/executor.ts'

/** More parts than this is a typo, not a test: 10,000 machines is beyond any run the runner targets. */
export const MAX_SEGMENTS = 10_000

/** The part `text` ("2/4") names, or a problem saying what is wrong with it. */
export function parseSegment(text: string): { part: Part } | { problem: string } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  const example = 'e.g. --segment 1/4 for the first of 4 parts (1-based)'
  if (!match) return { problem: `--segment takes i/n, ${example}; got ${JSON.stringify(text)}` }
  const [i, n] = [Number(match[1]), Number(match[2])]
  if (n < 1 || n > MAX_SEGMENTS) return { problem: `--segment ${text}: n must be from 1 to ${MAX_SEGMENTS}` }
  if (i < 1 || i > n) return { problem: `--segment ${text}: i must be from 1 to ${n} (parts count from 1), ${example}` }
  return { part: { index: i - 1, count: n } }
}

/** The part as a person writes it: "2/4". */
export function segmentText(part: Part): string {
  return `${part.index + 1}/${part.count}`
}
