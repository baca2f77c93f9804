/**
 * The verdicts bench (bench/sections/verdicts.ts): 16 threads, each one GET at a time against a
 * server that answers after about 12 ms, for --duration: about 1,300 requests a second, enough
 * behind p99 (1,000 requests) in a 2 s run.
 */
import type { Scenario } from '../../src/load/scenario.ts'

export default {
  name: 'verdicts',
  threads: 16,
  duration: '2s',
  phases: [{ name: 'Load', threads: 1 }],
  async iteration(http) {
    await http.get('/myresource', { responseType: 'none' })
  },
} satisfies Scenario
