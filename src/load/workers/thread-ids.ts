/** Thread ids interleaved over the parts of a run (1, 1+n, 1+2n... in part 0), unique in the run. */
export function interleavedIds(parts: number, index: number): () => number {
  let local = 0
  return () => local++ * parts + index + 1
}
