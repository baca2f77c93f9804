/**
 * A fixed-rate soak: BENCH_SOAK_RATE iterations a second (default 2,000) for BENCH_SOAK_SECONDS
 * (default 600), one GET each: a long open-model run whose memory must stay flat.
 */
import type { Scenario } from '../../src/load/scenario.ts'

const rate = Number(process.env.BENCH_SOAK_RATE ?? 2000)
const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 600)

export default {
  name: 'soak',
  phases: [{ name: 'Soak', rate, duration: `${seconds}s`, maxThreads: 200, preAllocatedThreads: 50 }],
  async iteration(http) {
    await http.get('/myresource', { responseType: 'none' })
  },
} satisfies Scenario
