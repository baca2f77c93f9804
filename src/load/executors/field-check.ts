/**
 * Checks of a phase's (or scenario's) fields that report every problem at once, each starting
 * with where it is (`phases[2] "Peak": rate must be ...`), so an author fixes a file in one pass.
 */
import { DURATION_HINT, parseDuration } from '../parse-duration.ts'
import type { Raw } from './planned-phase.ts'

export class FieldCheck {
  constructor(readonly raw: Raw, readonly label: string, private readonly problems: string[]) {}

  problem(text: string): void {
    this.problems.push(`${this.label}: ${text}`)
  }

  /** A whole number >= min; `required` reports a missing one. */
  count(field: string, min: number, required = false): void {
    const value = this.raw[field]
    if (value === undefined) {
      if (required) this.problem(`${field} is required (a whole number >= ${min})`)
      return
    }
    if (!Number.isSafeInteger(value) || (value as number) < min) this.problem(`${field} must be a whole number >= ${min}, got ${describe(value)}`)
  }

  /** A finite number > 0. */
  positive(field: string, required = false): void {
    const value = this.raw[field]
    if (value === undefined) {
      if (required) this.problem(`${field} is required (a number > 0)`)
      return
    }
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) this.problem(`${field} must be a number > 0, got ${describe(value)}`)
  }

  duration(field: string, required = false, allowZero = true): void {
    const value = this.raw[field]
    if (value === undefined) {
      if (required) this.problem(`${field} is required: ${DURATION_HINT}`)
      return
    }
    const ms = parseDuration(value)
    if (ms === undefined) this.problem(`${field} ${describe(value)} is not a duration: ${DURATION_HINT}`)
    else if (!allowZero && ms <= 0) this.problem(`${field} must be more than 0, got ${describe(value)}`)
  }

  /** `a <= b` when both are valid whole numbers. */
  notMore(a: string, b: string): void {
    const x = this.raw[a]
    const y = this.raw[b]
    if (Number.isSafeInteger(x) && Number.isSafeInteger(y) && (x as number) > (y as number)) this.problem(`${a} (${x}) is more than ${b} (${y})`)
  }
}

/** A value as a message shows it: short, typed, never a whole object dump. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}
