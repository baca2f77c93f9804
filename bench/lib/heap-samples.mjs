// Preloaded into the runner (node --expose-gc --import): every BENCH_SAMPLE_MS, a full GC, then
// one JSON line { s, heap, rss } (seconds since start, post-GC heapUsed and RSS in bytes)
// appended to $BENCH_HEAP_FILE, so the bench can fit a slope to what a long run keeps.
import { appendFileSync } from 'node:fs'

const file = process.env.BENCH_HEAP_FILE
const every = Number(process.env.BENCH_SAMPLE_MS ?? 10_000)
if (file && typeof globalThis.gc === 'function') {
  const t0 = performance.now()
  setInterval(() => {
    globalThis.gc()
    const { heapUsed, rss } = process.memoryUsage()
    appendFileSync(file, JSON.stringify({ s: (performance.now() - t0) / 1000, heap: heapUsed, rss }) + '\n')
  }, every).unref()
}
