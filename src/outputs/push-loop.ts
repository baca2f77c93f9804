// What the remote outputs (prometheus, influxdb) share: one write in flight at a time, each
// write's points counted as written or dropped (with the last reason), and a clock for when the
// next push is due.
import type { LiveSubscriber } from '../load/live/live-feed.ts'

export class PushLoop {
  written = 0
  dropped = 0
  lastError: string | undefined
  private inFlight: { promise: Promise<void>; points: number } | undefined
  private lastPushMs = Date.now()

  constructor(private readonly intervalMs: number) {}

  /** A write is still going. */
  get busy(): boolean {
    return this.inFlight !== undefined
  }

  /** Points of the write still going (lost if the run ends first). */
  get pending(): number {
    return this.inFlight?.points ?? 0
  }

  /** The interval has passed since the last push; the clock restarts when this says so. */
  due(): boolean {
    if (Date.now() - this.lastPushMs < this.intervalMs) return false
    this.lastPushMs = Date.now()
    return true
  }

  /** Starts a write of `points` points (the caller checked `busy`). */
  start(points: number, send: () => Promise<void>): void {
    const promise = send().then(
      () => void (this.written += points),
      (error: Error) => this.drop(points, error.message),
    ).finally(() => (this.inFlight = undefined))
    this.inFlight = { promise, points }
  }

  drop(points: number, why: string): void {
    this.dropped += points
    this.lastError = why
  }

  /** Waits for the write in flight, if any. */
  async settle(): Promise<void> {
    await this.inFlight?.promise
  }

  /** The end of the run: the write in flight, then a last push of what is left. */
  async finish(push: () => void): Promise<void> {
    await this.settle()
    push()
    await this.settle()
  }

  /** The counts a LiveSubscriber reports; `waiting`: points not sent yet (lost if the run ends). */
  counts(waiting: () => number = () => 0): Pick<LiveSubscriber, 'written' | 'droppedByOutput' | 'lastError'> {
    return {
      written: () => this.written,
      droppedByOutput: () => this.dropped + this.pending + waiting(),
      lastError: () => this.lastError,
    }
  }
}
