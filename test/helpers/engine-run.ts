/**
 * Runs a scenario object through the engine in this process against a URL, with the defaults
 * a test wants (fixed seed, short timeout), and hands back the result and its summary.
 */
import { buildPhasePlan, type RunOverrides } from '../../src/load/phase-plan.ts'
import { parseTarget } from '../../src/load/http/target.ts'
import { runScenario, type RunEvents, type RunResult } from '../../src/load/run.ts'
import type { Scenario } from '../../src/load/scenario.ts'
import { buildSummary, type Summary } from '../../src/report/summary.ts'

export interface EngineRun extends RunResult {
  summary: Summary
}

export async function runAgainst(
  url: string,
  scenario: Scenario,
  options: { overrides?: RunOverrides; timeoutMs?: number; events?: RunEvents } = {},
): Promise<EngineRun> {
  const plan = buildPhasePlan(scenario, options.overrides)
  const result = await runScenario({
    scenario, plan, target: parseTarget(url), timeoutMs: options.timeoutMs ?? 5000, seed: 7, events: options.events,
  })
  const summary = buildSummary(result.metrics, {
    scenario: scenario.name ?? 'test', target: url, startedAt: result.control.startedAt,
    wallMs: result.wallMs, interrupted: result.control.stopped, threads: plan.maxThreads,
  })
  return { ...result, summary }
}
