/**
 * Memory: the same GET loop as capacity.ts but counted in iterations, so two runs differ only
 * in how many requests they send (the bench sets --threads and --iterations: 100,000 and
 * 2,000,000 requests). The runner's peak RSS should not grow with the count.
 */
import type { Scenario } from '../../src/load/scenario.ts'

export default {
  name: 'memory',
  threads: 50,
  iterations: 2000,
  phases: [{ name: 'Load', threads: 1 }],
  async iteration(http) {
    await http.get('/myresource')
  },
} satisfies Scenario
