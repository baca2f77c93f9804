/**
 * Runs constructed from recorded metrics (real summaries through the product's buildSummary, no
 * load, no clock): what compare's verdicts are tested on, so no machine's load can change them.
 */
import { RunMetrics } from '../../src/load/metrics/run-metrics.ts'
import { seededRandom } from '../../src/load/random.ts'
import { buildSummary } from '../../src/report/summary.ts'
import type { Summary } from '../../src/report/summary-types.ts'

/** A run of `seconds` s at `rate` req/s whose latencies are `baseUs` plus noise, drifting slowly from second to second (as real seconds do). */
export function constructedSummary(seconds: number, rate: number, baseUs: number, seed: number, phases = 1, spikeEvery = 0): Summary {
  const metrics = new RunMetrics()
  const random = seededRandom(seed)
  const perPhase = seconds / phases
  for (let p = 0; p < phases; p++) {
    metrics.phaseStart(`P${p}`, p * perPhase * 1000)
    metrics.phaseEnd(`P${p}`, (p + 1) * perPhase * 1000)
  }
  for (let s = 0; s < seconds; s++) {
    const phase = Math.floor(s / perPhase)
    // Later phases are heavier: their latencies are twice the one before. Neighbouring seconds are alike.
    const slow = 1 + 0.15 * Math.sin(s / 3 + seed)
    for (let i = 0; i < rate; i++) {
      // Optionally a burst at the start of every spikeEvery-th second: its first sixth is 50x slower.
      const spike = spikeEvery && s % spikeEvery === 0 && i < rate / 6 ? 50 : 1
      const latencyUs = (baseUs * 2 ** phase * slow * spike) * (0.8 + 0.4 * random())
      metrics.record({
        phase: `P${phase}`, scenario: 'default', group: '', tags: undefined, scenarioTags: undefined,
        endpoint: '/x', method: 'GET', status: random() < 0.001 ? 500 : 200, latencyUs, atMs: s * 1000 + (i * 1000) / rate,
        bytesIn: 10, bytesOut: 0,
      } as never)
    }
  }
  return buildSummary(metrics, { scenario: 'constructed', target: 'none', startedAt: new Date(0), wallMs: seconds * 1000, interrupted: false, threads: 1 })
}
