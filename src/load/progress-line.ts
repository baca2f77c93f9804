/**
 * The live progress line on a terminal: phase, threads, requests, req/s, errors. Redrawn in
 * place twice a second; the caller clears it before printing a line of its own.
 */
import type { LiveCounters, RunControl } from './run-control.ts'

const CLEAR = '\r\x1b[2K'

export function progressText(live: LiveCounters, elapsedMs: number, requestsPerSecond: number): string {
  const phases = live.phases.size ? [...live.phases].join(' + ') : 'between phases'
  return `${phases} | ${live.activeThreads} threads | ${live.requests.toLocaleString('en-US')} requests | ` +
    `${Math.round(requestsPerSecond).toLocaleString('en-US')} req/s | ${live.errors.toLocaleString('en-US')} errors | ` +
    `${(elapsedMs / 1000).toFixed(1)} s`
}

export class ProgressLine {
  private timer: NodeJS.Timeout | undefined
  private shown = false
  private lastRequests = 0
  private lastMs = 0

  constructor(
    private readonly live: LiveCounters,
    private readonly control: RunControl,
    private readonly write: (text: string) => void,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.lastMs = this.control.now()
    this.timer = setInterval(() => this.draw(), this.intervalMs)
    this.timer.unref()
  }

  /** Removes the line, so the caller can print; the next tick draws it again. */
  clear(): void {
    if (this.shown) this.write(CLEAR)
    this.shown = false
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
    this.clear()
  }

  private draw(): void {
    const now = this.control.now()
    const rate = ((this.live.requests - this.lastRequests) * 1000) / Math.max(1, now - this.lastMs)
    this.lastRequests = this.live.requests
    this.lastMs = now
    this.write(CLEAR + progressText(this.live, now, rate))
    this.shown = true
  }
}
