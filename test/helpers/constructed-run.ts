/**
 * Runs constructed from recorded metrics (real summaries through the product's buildSummary, no
 * load, no clock): what compare's verdicts are tested on, so no machine's load can change them.
 * A run is `seconds` s at `rate` req/s whose latencies are `baseUs` plus noise, drifting slowly
 * from second to second (as real seconds do) unless `drift` is 0.
 */
import { RunMetrics } from '../../src/load/metrics/run-metrics.ts'
import { seededRandom } from '../../src/load/random.ts'
import { buildSummary } from '../../src/report/summary.ts'
import type { Summary } from '../../src/report/summary-types.ts'

export interface RunShape {
  seconds: number
  rate: number
  baseUs: number
  seed: number
  /** Phases of equal length, each twice as slow as the one before. */
  phases?: number
  /** A burst at the start of every spikeEvery-th second: its first sixth is 50x slower. */
  spikeEvery?: number
  /** How far the seconds drift around baseUs (a slow wave, its phase from the seed); 0: steady seconds. */
  drift?: number
}

export function constructedSummary({ seconds, rate, baseUs, seed, phases = 1, spikeEvery = 0, drift = 0.15 }: RunShape): Summary {
  const metrics = new RunMetrics()
  const random = seededRandom(seed)
  const perPhase = seconds / phases
  for (let p = 0; p < phases; p++) {
    metrics.phaseStart(`P${p}`, p * perPhase * 1000)
    metrics.phaseEnd(`P${p}`, (p + 1) * perPhase * 1000)
  }
  for (let s = 0; s < seconds; s++) {
    const phase = Math.floor(s / perPhase)
    const slow = 1 + drift * Math.sin(s / 3 + seed)
    for (let i = 0; i < rate; i++) {
      const spike = spikeEvery && s % spikeEvery === 0 && i < rate / 6 ? 50 : 1
      const latencyUs = (baseUs * 2 ** phase * slow * spike) * (0.8 + 0.4 * random())
      metrics.record({
        phase: `P${phase}`, scenario: 'default', group: '', tags: undefined, scenarioTags: undefined,
        endpoint: '/x', method: 'GET', status: random() < 0.001 ? 500 : 200, latencyUs, atMs: s * 1000 + (i * 1000) / rate,
        bytesIn: 10, bytesOut: 0,
      } as never)
    }
  }
  // Each run its own start, so the bootstrap (which seeds each run from its start) draws each its own way.
  const summary = buildSummary(metrics, { scenario: 'constructed', target: 'none', startedAt: new Date(seed * 60_000), wallMs: seconds * 1000, interrupted: false, threads: 1 })
  return JSON.parse(JSON.stringify(summary)) as Summary
}
