/** The line a bench server prints once it listens; the bench reads it (see lib/proc.ts spawnReady). */
export function announce(port: number): void {
  process.stdout.write(`${JSON.stringify({ port, pid: process.pid })}\n`)
}

/** Runs `close` on SIGTERM/SIGINT, then exits. */
export function onStop(close: () => Promise<void>): void {
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    close().finally(() => process.exit(0))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
