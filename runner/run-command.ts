/**
 * One run from the command line: load and check the scenario, choose the target, run the
 * phases with live lines, print the standard report, write --out/--csv, and pick the exit code.
 */
import { basename } from 'node:path'
import { parseDuration } from '../src/load/parse-duration.ts'
import { buildPhasePlan } from '../src/load/phase-plan.ts'
import { newSeed } from '../src/load/random.ts'
import { runAndJudge, type JudgedRunSettings, type Verdict } from '../src/load/run-and-judge.ts'
import { runSetupOnly, type RunResult, type RunSettings } from '../src/load/run.ts'
import { partSettings } from '../src/distributed/run-settings.ts'
import { writeSetupData } from '../src/distributed/setup-data.ts'
import { attachPartRecord } from '../src/distributed/attach-part.ts'
import { RecordingMonitor } from '../src/distributed/tick-recorder.ts'
import { LiveCounters, RunControl } from '../src/load/run-control.ts'
import { LiveFeed } from '../src/load/live/live-feed.ts'
import { RunFailure, UsageError } from '../src/load/run-errors.ts'
import { loadScenario } from '../src/load/scenario-load.ts'
import { clientStartingLine, phaseCompleteLine, phaseRunningLine, targetLine } from '../src/report/lines.ts'
import { formatReport } from '../src/report/standard-report.ts'
import { streamLine } from '../src/report/stream-summary.ts'
import { handleSummaryOf, runHandleSummary } from '../src/report/handle-summary.ts'
import type { Summary } from '../src/report/summary-types.ts'
import { saveRun } from '../src/history/save-run.ts'
import { EXIT } from './exit-codes.ts'
import { catchInterrupt, settleAfterStop } from './interrupt.ts'
import { LiveOutput } from './live-output.ts'
import type { RunnerOptions } from './options.ts'
import { checkOutputs, openStreams, writeSummaryOutputs } from './outputs.ts'
import { finishDashboard, monitorTelling, startDashboard } from './run-dashboard.ts'
import type { LiveDashboard } from '../src/dashboard/live-dashboard.ts'
import { chooseTarget, ensureReachable, type ChosenTarget } from './target-choice.ts'

const DEFAULT_TIMEOUT_MS = 30_000
/** After Ctrl-C, how long a scenario may keep a thread busy before the report is printed anyway. */
const STOP_GRACE_MS = 3_000

export async function runCommand(options: RunnerOptions): Promise<number> {
  const out = new LiveOutput(options.quiet, options.progress)
  const control = new RunControl()
  const releaseInterrupt = catchInterrupt(control, (text) => out.warn(text))
  let target: ChosenTarget | undefined
  let dashboard: LiveDashboard | undefined
  try {
    // --env is in the environment the module's top level reads too (k6's __ENV there; process.env).
    Object.assign(process.env, options.env)
    const { file, scenario, exports } = await loadScenario(options.scenario, options.overrides)
    checkOutputs(options.outputs)
    const plan = buildPhasePlan(scenario, options.overrides)
    plan.segment = options.segment
    const part = partSettings(options, (text) => out.warn(text))
    out.line(clientStartingLine(new Date()))
    target = await chooseTarget(options.overrides.target, scenario.target)
    out.line(targetLine(target.description))
    const timeoutMs = options.timeoutMs ?? parseDuration(scenario.timeout ?? DEFAULT_TIMEOUT_MS)!
    await ensureReachable(target, timeoutMs)
    const live = new LiveCounters()
    const seed = options.overrides.seed ?? scenario.seed ?? newSeed()
    const settings: JudgedRunSettings & Pick<RunSettings, 'plan'> = {
      scenario, exports, plan, overrides: options.overrides, target: target.http, timeoutMs, control, live,
      name: scenario.name ?? basename(file),
      targetName: target.description,
      workers: { count: options.workers, scenarioFile: file },
      feed: liveFeed(options, plan.maxThreads),
      // A part of a distributed run also keeps the ticks windowed thresholds read, for merge.
      makeMonitor: options.segment ? (...args) => new RecordingMonitor(...args) : undefined,
      onAbort: (stoppedBy) => out.warn(`Threshold ${stoppedBy.threshold} failed (abortOnFail): stopping the run.`),
      settle: (running) => settleAfterStop(running, control, STOP_GRACE_MS),
      onNotice: (text) => out.warn(`Warning: ${text}`),
      seed,
      env: { ...process.env, ...options.env },
      ...part,
      events: {
        phaseStarted: (phase) => out.line(phaseRunningLine(phase.name)),
        phaseCompleted: (phase, ms, interrupted) =>
          out.line(interrupted ? `${phase.name} phase: interrupted: Time ${Math.round(ms)} ms` : phaseCompleteLine(phase.name, ms)),
      },
    }
    if (options.setupDataOut !== undefined) return await writeSetupOnly(options.setupDataOut, settings, control, out)
    if (options.dashboard !== undefined) {
      dashboard = await startDashboard(options.dashboard, settings.name!, settings.feed!, out)
      settings.makeMonitor = monitorTelling(dashboard, settings.makeMonitor)
    }
    out.startProgress(live, control)
    const { summary, verdict, result, thresholds, metrics, monitor } = await runAndJudge(settings)
    out.stopProgress()
    if (options.segment) {
      attachPartRecord(summary, options.segment, {
        file, plan, startAtMs: options.startAtMs, thresholds, metrics, monitor, iterationErrors: result?.iterationErrors.count ?? 0,
      })
    }
    await printSummary(summary, exports, out)
    writeSummaryOutputs(options.outputs, summary, (text) => out.report(text), (line) => out.line(line))
    warnAboutScenario(result, out)
    warnAboutStreams(summary, out)
    const code = exitCode(verdict, out)
    if (options.save) {
      const said = saveRun(summary, code)
      // A run the history lost, or saved into a damaged file, is said even with --quiet (on stderr).
      if (said.includes('Warning: ')) out.warn(said)
      else out.line(said)
    }
    if (dashboard) await finishDashboard(dashboard, summary, out)
    return code
  } catch (error) {
    out.stopProgress()
    if (error instanceof UsageError || error instanceof RunFailure) {
      out.warn(`edgeload: ${error.message}`)
      return error.exitCode
    }
    throw error
  } finally {
    releaseInterrupt()
    await dashboard?.close()
    await target?.close()
  }
}

/** The standard report, or what the scenario's handleSummary() returned (k6's rule); the report after all if that fails. */
async function printSummary(summary: Summary, exports: Record<string, unknown>, out: LiveOutput): Promise<void> {
  const handleSummary = handleSummaryOf(exports)
  if (handleSummary) {
    const problem = await runHandleSummary(handleSummary, summary, {
      stdout: (text) => out.report(text),
      stderr: (text) => out.warn(text.replace(/\n$/, '')),
      wrote: (file) => out.line(`handleSummary() wrote ${file}`),
    })
    if (problem === undefined) return
    out.warn(`edgeload: ${problem}; the standard report follows`)
  }
  out.report(formatReport(summary))
}

/** The live feed with the run's `--out name=target` streams on it (and --dashboard's page, later); none without either. */
function liveFeed(options: RunnerOptions, vusMax: number): LiveFeed | undefined {
  if (options.streams.length === 0 && options.dashboard === undefined) return undefined
  const feed = new LiveFeed(vusMax)
  openStreams(options.streams, feed)
  return feed
}

/** A stream that lost points is said on stderr too: the report's Output line (from the summary) is on stdout, or not printed at all under handleSummary(). */
function warnAboutStreams(summary: Summary, out: LiveOutput): void {
  for (const stream of summary.streams ?? []) {
    if (stream.dropped > 0 || stream.error !== null) out.warn(`Warning: ${streamLine(stream)}`)
  }
}

/** The verdict's exit code (runner/exit-codes.ts), its reason or warning said on stderr. */
function exitCode(verdict: Verdict, out: LiveOutput): number {
  if (verdict.reason && verdict.outcome !== 'interrupted') out.warn(`edgeload: ${verdict.reason}`)
  if (verdict.warning) out.warn(`edgeload: warning: ${verdict.warning}`)
  return EXIT[verdict.outcome]
}

/** `--setup-data-out`: setup() alone, its data written for the other parts (docs/distributed.md). */
async function writeSetupOnly(file: string, settings: RunSettings, control: RunControl, out: LiveOutput): Promise<number> {
  writeSetupData(file, await runSetupOnly(settings, control))
  out.line(`setup() data written to ${file}`)
  return EXIT.ok
}

function warnAboutScenario(result: RunResult | undefined, out: LiveOutput): void {
  const errors = result?.iterationErrors
  if (errors && errors.count > 0) {
    out.warn(`Iteration errors: ${errors.count} iteration(s) threw; the first: ${errors.first} (each message in the report's Iteration errors)`)
  }
}
