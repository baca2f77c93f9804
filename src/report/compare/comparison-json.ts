// `compare --json`: the comparison for scripts and CI, each run named by what identifies it
// rather than its whole summary (which `report RUN` or the history already give).
import type { Comparison } from './comparison-types.ts'

export function comparisonJson(comparison: Comparison) {
  return {
    ...comparison,
    runs: comparison.runs.map(({ summary, ...run }) => ({
      ...run,
      scenario: summary.scenario,
      target: summary.target,
      startedAt: summary.startedAt,
      environment: summary.environment,
    })),
  }
}
