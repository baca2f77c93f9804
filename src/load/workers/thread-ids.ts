import { flatPart, type Part } from '../executors/executor.ts'

/** Thread ids interleaved over the parts of a run (1, 1+n, 1+2n... in part 0), unique in the run. */
export function interleavedIds(parts: number, index: number): () => number {
  let local = 0
  return () => local++ * parts + index + 1
}

/**
 * The ids of a part, nested or not (a worker thread within a `--segment`): unique over every
 * process and thread of the run, whatever number of worker threads each segment uses.
 */
export function threadIdsOf(part: Part | undefined): () => number {
  const { index, count } = part ? flatPart(part) : { index: 0, count: 1 }
  return interleavedIds(count, index)
}
