/**
 * State every thread of a run shares: whether the run was stopped (Ctrl-C), the run's clock,
 * and the live counters the progress line reads. Plain fields: the hot path reads and bumps
 * them on every request.
 */
export type StopReason = 'interrupt' | 'threshold'

export class RunControl {
  stopped = false
  /** Why the run stopped early: Ctrl-C, or an abortOnFail threshold. */
  stopReason: StopReason | undefined = undefined
  /**
   * performance.now() when the run's clock started; RequestRecord.atMs counts from here. The
   * clock restarts when the phases start (`restartClock`), after setup() and worker start-up.
   */
  startMs: number
  startedAt = new Date()

  /**
   * `startEpochMs`: a worker thread passes the main thread's start (performance.timeOrigin +
   * startMs there), so every thread's atMs counts from the same instant despite its own clock origin.
   */
  constructor(startEpochMs?: number) {
    this.startMs = startEpochMs === undefined ? performance.now() : startEpochMs - performance.timeOrigin
  }

  /** Zero the run's clock now (the phases start), or at `startEpochMs` as another thread did. */
  restartClock(startEpochMs?: number): void {
    this.startMs = startEpochMs === undefined ? performance.now() : startEpochMs - performance.timeOrigin
    this.startedAt = new Date(performance.timeOrigin + this.startMs)
  }

  /** The run's start as epoch milliseconds, to hand to worker threads. */
  get startEpochMs(): number {
    return performance.timeOrigin + this.startMs
  }
  private readonly stopListeners = new Set<() => void>()

  /** Milliseconds since the run started. */
  now(): number {
    return performance.now() - this.startMs
  }

  stop(reason: StopReason = 'interrupt'): void {
    if (this.stopped) return
    this.stopped = true
    this.stopReason = reason
    for (const listener of [...this.stopListeners]) listener()
  }

  /** Calls `listener` on stop (at once if already stopped); returns the unsubscribe. */
  onStop(listener: () => void): () => void {
    if (this.stopped) {
      listener()
      return () => {}
    }
    this.stopListeners.add(listener)
    return () => this.stopListeners.delete(listener)
  }
}

/** What the progress line shows; bumped by the client and the executors. */
export class LiveCounters {
  requests = 0
  errors = 0
  activeThreads = 0
  /** Threads that exist (running or parked by a ramp): k6's vus_max. */
  threads = 0
  /** Names of the phases running now. */
  readonly phases = new Set<string>()
}
