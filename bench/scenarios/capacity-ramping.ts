/**
 * Generator capacity through the ramping-threads executor: 0 to BENCH_THREADS threads in the
 * first second, then held for the rest of BENCH_SECONDS; one GET per iteration, as capacity.ts.
 * The generator section compares it with constant threads, to show what the ramp costs.
 */
import type { Scenario } from '../../src/load/scenario.ts'

const threads = Number(process.env.BENCH_THREADS ?? 50)
const seconds = Number(process.env.BENCH_SECONDS ?? 5)

export default {
  name: 'capacity-ramping',
  stages: [{ duration: '1s', target: threads }, { duration: `${Math.max(1, seconds - 1)}s`, target: threads }],
  async iteration(http) {
    await http.get('/myresource')
  },
} satisfies Scenario
