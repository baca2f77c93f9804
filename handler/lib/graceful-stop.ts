import type { StepStore } from '../../src/store/step-store.ts'

/**
 * What every server entry does on SIGINT/SIGTERM, runtime-free: stop accepting
 * and let in-flight requests finish, close the store, exit 0. A second signal
 * while stopping is ignored rather than closing the store twice.
 */
export function gracefulStop(stopServer: () => Promise<unknown>, store: StepStore, exit: (code: number) => void): (signal: string) => void {
  let stopping = false
  return (signal) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing in-flight requests, then closing the store`)
    void stopServer().then(() => store.close()).then(() => exit(0))
  }
}
