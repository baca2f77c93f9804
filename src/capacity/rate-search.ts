/**
 * Which arrival rate `capacity` tries next (docs/capacity.md): from the start rate it doubles
 * while steps hold the objective (halves while they fail), and once it has a rate that held below
 * one that failed it tries their geometric middle, until the two are within the resolution. Plain
 * arithmetic on what the steps said; running a step is the caller's.
 */

export interface SearchSettings {
  /** Iterations per second of the first step. */
  startRate: number
  /** No step above this; holding here ends the search ("at least"). */
  maxRate: number
  /** Stop once failed / held - 1 is at most this (0.1: the knee known within 10%). */
  resolution: number
  /** At most this many steps. */
  maxSteps: number
}

/** Below this a step is not worth running: the search ends with nothing that held. */
export const MIN_RATE = 1

export type SearchEnd =
  /** A rate held and the next one up failed, within the resolution (or the steps ran out). */
  | 'bracketed'
  /** The highest rate allowed held. */
  | 'held at max'
  /** Even the lowest rate failed. */
  | 'failed at min'
  | 'out of steps'

export class RateSearch {
  /** The highest rate that held, the lowest that failed. */
  held: number | undefined
  failed: number | undefined
  steps = 0
  private current: number

  constructor(private readonly settings: SearchSettings) {
    this.current = clampRate(settings.startRate, settings.maxRate)
  }

  /** The rate of the next step, or why the search is over. */
  next(): { rate: number } | { end: SearchEnd } {
    if (this.steps === 0) return { rate: this.current }
    const { held, failed } = this
    if (held !== undefined && failed !== undefined) {
      if (failed / held - 1 <= this.settings.resolution + 1e-9) return { end: 'bracketed' }
      const middle = Math.round(Math.sqrt(held * failed))
      if (middle <= held || middle >= failed) return { end: 'bracketed' }
      return this.stepAt(middle)
    }
    if (failed === undefined) {
      if (held! >= this.settings.maxRate) return { end: 'held at max' }
      return this.stepAt(clampRate(held! * 2, this.settings.maxRate))
    }
    if (failed <= MIN_RATE) return { end: 'failed at min' }
    return this.stepAt(Math.max(MIN_RATE, Math.floor(failed / 2)))
  }

  /** What the step at `rate` said. */
  record(rate: number, held: boolean): void {
    this.steps++
    if (held) this.held = Math.max(this.held ?? rate, rate)
    else this.failed = Math.min(this.failed ?? rate, rate)
  }

  private stepAt(rate: number): { rate: number } | { end: SearchEnd } {
    if (this.steps >= this.settings.maxSteps) return { end: 'out of steps' }
    this.current = rate
    return { rate }
  }
}

function clampRate(rate: number, maxRate: number): number {
  return Math.max(MIN_RATE, Math.min(maxRate, Math.round(rate)))
}
