import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'

/**
 * Caps V8's young generation at `capMb` once it has grown that far.
 *
 * The engine's garbage dies young, and V8 keeps doubling the young generation over a long run
 * (to 32 MB on 64-bit), which shows as RSS growing with the number of requests although the
 * runner's own data is flat. `--max-semi-space-size` would cap it, but V8 reads it only at
 * startup and `node runner` cannot pass it; the growth factor is read at each growth, so it is
 * set to 1 when the cap is reached. Capping from the start (factor 1 at once) was measured
 * worse: a tiny young generation promotes more, and the old generation grows instead.
 */
export function capYoungGeneration(capMb = 16, everyMs = 200): () => void {
  const timer = setInterval(() => {
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')
    if (!young || young.space_size < capMb * 2 ** 20) return
    setFlagsFromString('--semi-space-growth-factor=1')
    clearInterval(timer)
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
