/**
 * Generator capacity: as many GETs as the runner can send. One duration phase with every
 * thread (each its own keep-alive connection) looping one GET per iteration, as autocannon
 * and wrk do with their connections. The bench sets --threads, --duration and --target.
 */
import type { Scenario } from '../../src/load/scenario.ts'

export default {
  name: 'capacity',
  threads: 50,
  duration: '5s',
  phases: [{ name: 'Load', threads: 1 }],
  async iteration(http) {
    await http.get('/myresource')
  },
} satisfies Scenario
