/**
 * Constant threads for a duration (closed model; k6's constant-vus): every thread loops
 * iterations until the time is up, then finishes the iteration it is in. `startNext` counts
 * time: 0.5 of a 30 s phase starts the next phase after 15 s.
 */
import type { Duration, PhaseCommon } from '../scenario.ts'
import { parseDuration } from '../parse-duration.ts'
import { runThreadLoops } from './closed-model.ts'
import { timeShare, type ExecutorModule } from './executor.ts'
import { checkGracefulStop, gracefulStopMs } from './k6-graceful-stop.ts'

/** Our name first, then k6's: what a phase's `kind` (a scenario's `executor`) may say. */
const KINDS = ['duration', 'constant-vus'] as const

/** Closed model: threads loop until the time is up, then finish their current iteration. */
export interface DurationPhase extends PhaseCommon {
  kind?: (typeof KINDS)[number]
  duration: Duration
}

declare module '../scenario.ts' {
  interface PhaseTypes {
    duration: DurationPhase
  }
}

interface Config {
  durationMs: number
  gracefulStopMs: number
}

export const duration: ExecutorModule<Config> = {
  name: KINDS[0],
  aliases: KINDS.slice(1),
  summary: 'a fixed number of threads loop iterations for a duration',
  model: 'closed',
  threadsFrom: 'threads',
  fields: ['duration', 'gracefulStop'],
  inferredBy: 'duration',
  validate(raw, check, defaults) {
    check.duration('duration', defaults.durationMs <= 0 && raw.duration === undefined)
    checkGracefulStop(check)
  },
  plan(raw, defaults) {
    const durationMs = raw.duration !== undefined ? parseDuration(raw.duration) ?? 0 : defaults.durationMs
    return { threads: raw.threads as number, config: { durationMs, gracefulStopMs: gracefulStopMs(raw) } }
  },
  run(phase, run) {
    const { durationMs } = phase.config
    return runThreadLoops(phase, run, (_threads, next) => {
      // A timer ends the phase, rather than every thread reading the clock every iteration.
      const clock = { over: durationMs <= 0 }
      const endsAt = performance.now() + durationMs
      let timer = setTimeout(function end() {
        // libuv arms timers from its cached loop time, so one may fire a little early.
        const left = endsAt - performance.now()
        if (left > 0) timer = setTimeout(end, Math.ceil(left))
        else clock.over = true
      }, durationMs)
      const cancelNext = timeShare(next, phase.startNext, durationMs)
      return {
        more: () => !clock.over,
        cutAfterMs: durationMs + phase.config.gracefulStopMs,
        end() {
          clearTimeout(timer)
          cancelNext()
        },
      }
    })
  },
}
