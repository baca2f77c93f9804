/**
 * Scale: many threads, each holding its own keep-alive connection for the whole phase, with a
 * request a second each (a think time, as real users have), so the test is about holding
 * connections rather than raw speed. The bench sets --threads 10000 and --duration.
 */
import type { Scenario } from '../../src/load/scenario.ts'

const THINK_MS = 1000

export default {
  name: 'hold',
  threads: 10_000,
  duration: '10s',
  phases: [{ name: 'Hold', threads: 1 }],
  async iteration(http) {
    await http.get('/myresource')
    await new Promise((resolve) => setTimeout(resolve, THINK_MS))
  },
} satisfies Scenario
