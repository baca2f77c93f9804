/**
 * Ctrl-C: the first SIGINT stops the threads (requests in flight are cut) so the partial report
 * can be printed and the run exits 130; a second SIGINT exits at once.
 */
import type { RunControl } from '../src/load/run-control.ts'
import { EXIT } from './exit-codes.ts'

export function catchInterrupt(control: RunControl, warn: (text: string) => void): () => void {
  let interrupted = false
  const onSignal = () => {
    // Counted here, not from control.stopped: a run an abortOnFail threshold is stopping still gets its report.
    if (interrupted) {
      warn('Interrupted again: exiting without a report.')
      process.exit(EXIT.interrupted)
    }
    interrupted = true
    warn('Interrupted: stopping the threads, then printing the partial report (Ctrl-C again to quit at once).')
    control.stop()
  }
  process.on('SIGINT', onSignal)
  return () => process.off('SIGINT', onSignal)
}

/**
 * Resolves with the run's result, or, when the run was stopped and a scenario keeps it busy
 * (awaiting something other than a request) longer than `graceMs`, with undefined.
 */
export function settleAfterStop<T>(run: Promise<T>, control: RunControl, graceMs: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined
    const unsubscribe = control.onStop(() => {
      timer = setTimeout(() => resolve(undefined), graceMs)
      timer.unref()
    })
    run.then(resolve, reject).finally(() => {
      clearTimeout(timer)
      unsubscribe()
    })
  })
}
