/**
 * The run's clock started at a common wall-clock moment (`--start-at`, docs/distributed.md): a
 * part started early waits; one started late begins at once and says how late it is, its clock
 * still counting from the common moment so its seconds stay aligned with the other parts'.
 */
import type { RunControl } from './run-control.ts'

/** The wall clock as the run's clock reads it (RunControl counts from performance.timeOrigin). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now()
}

/**
 * A part this late still counts its clock from the common moment (so a scenario's startTime
 * lines up with the other parts'); later than this, the lateness would be counted as run time
 * (an hour-late part reporting an hour of wall time and an hour of empty seconds), so its clock
 * starts at the last whole second of the common grid instead (clockOrigin).
 */
export const MAX_ALIGNED_LATE_MS = 60_000

/** Where the run's clock starts for a common moment `epochMs`, at `nowMs` (after waitForStart). */
export function clockOrigin(epochMs: number, nowMs = epochNow()): number {
  const late = nowMs - epochMs
  return late > MAX_ALIGNED_LATE_MS ? epochMs + Math.floor(late / 1000) * 1000 : epochMs
}

/** The last stretch is waited out on the event loop rather than a timer, which may fire a few ms late. */
const SPIN_MS = 15

/**
 * Resolves at `epochMs` (or at once when the run is stopped or the moment has passed); says
 * on `say` how long it waits or how late it is.
 */
export async function waitForStart(epochMs: number, control: RunControl, say: (text: string) => void): Promise<void> {
  const ahead = epochMs - epochNow()
  if (ahead < 0) {
    const own = -ahead > MAX_ALIGNED_LATE_MS ? `; over ${MAX_ALIGNED_LATE_MS / 1000} s late, this part's clock starts now (on the common second grid), so its scenarios' startTime no longer line up with the other parts'` : ''
    say(`--start-at ${new Date(epochMs).toISOString()}: started ${formatMs(-ahead)} late; the first phase begins now${own}`)
    return
  }
  say(`--start-at ${new Date(epochMs).toISOString()}: waiting ${formatMs(ahead)} for the common start`)
  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined
    const unsubscribe = control.onStop(finish)
    function finish(): void {
      clearTimeout(timer)
      unsubscribe()
      resolve()
    }
    function check(): void {
      const left = epochMs - epochNow()
      if (left <= 0 || control.stopped) return finish()
      timer = left > SPIN_MS ? setTimeout(check, left - SPIN_MS) : setTimeout(check, 0)
    }
    check()
  })
}

function formatMs(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
