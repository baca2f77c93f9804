/**
 * The product's run-and-judge (src/load/run-and-judge.ts) against a URL, in this process, with
 * the defaults a test wants (fixed seed, short timeout, notices kept), and its result flattened.
 */
import type { ParsedThreshold } from '../../src/load/metrics/thresholds.ts'
import type { PhasePlan, RunOverrides } from '../../src/load/phase-plan.ts'
import { parseTarget } from '../../src/load/http/target.ts'
import type { RunControl } from '../../src/load/run-control.ts'
import { runAndJudge, type Verdict } from '../../src/load/run-and-judge.ts'
import type { RunEvents, RunResult } from '../../src/load/run.ts'
import type { Scenario } from '../../src/load/scenario.ts'
import type { Summary } from '../../src/report/summary.ts'

export interface EngineRun extends RunResult {
  summary: Summary
  verdict: Verdict
  plan: PhasePlan
  notices: string[]
  /** The threshold that stopped the run (abortOnFail), if any. */
  abortedBy: ParsedThreshold | undefined
}

export async function runAgainst(
  url: string,
  scenario: Scenario,
  options: { overrides?: RunOverrides; timeoutMs?: number; events?: RunEvents; exports?: Record<string, unknown>; control?: RunControl } = {},
): Promise<EngineRun> {
  const notices: string[] = []
  const judged = await runAndJudge({
    scenario, overrides: options.overrides, target: parseTarget(url), timeoutMs: options.timeoutMs ?? 5000, seed: 7, events: options.events,
    exports: options.exports, control: options.control, onNotice: (text) => notices.push(text),
    name: scenario.name ?? 'test', targetName: url,
  })
  // Without settle, runAndJudge waits for the run: its result is always there.
  const { summary, verdict, plan, monitor } = judged
  return { ...judged.result!, summary, verdict, plan, notices, abortedBy: monitor.abortedBy }
}
