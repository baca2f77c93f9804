// Preloaded into a child Node (node --import): on exit, writes the process's peak resident set
// size in bytes to $BENCH_RSS_FILE, so the bench can read the peak of a process that has ended.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_RSS_FILE
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)))
