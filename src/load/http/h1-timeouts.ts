/**
 * Per-request timeouts for the HTTP/1.1 connections: one interval checks every connection's
 * deadline every SWEEP_MS. A socket's own idle timer would do the same job but is re-armed on
 * every read and write (a timer-list insert per request), which a load generator would pay
 * hundreds of thousands of times a second. A timeout fires within SWEEP_MS of its deadline;
 * the deadline counts from the send, as `--timeout` documents.
 */
export interface Expirable {
  /** performance.now() by which the request in flight must be answered; 0 when idle. */
  deadlineMs: number
  expire(): void
}

const SWEEP_MS = 10
const watched = new Set<Expirable>()
let timer: NodeJS.Timeout | undefined

export function watch(connection: Expirable): void {
  watched.add(connection)
  if (!timer) {
    timer = setInterval(sweep, SWEEP_MS)
    timer.unref() // a request in flight keeps the process alive through its socket, not this
  }
}

export function unwatch(connection: Expirable): void {
  watched.delete(connection)
  if (watched.size === 0 && timer) {
    clearInterval(timer)
    timer = undefined
  }
}

function sweep(): void {
  const now = performance.now()
  for (const connection of watched) {
    if (connection.deadlineMs > 0 && connection.deadlineMs <= now) connection.expire()
  }
}
