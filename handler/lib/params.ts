import { BadInput } from './http-error.ts'

/**
 * Path-parameter rules of docs/api.md: decimal digits only (no sign, no
 * leading `+`, no leading zeros, no exponent), within each field's range.
 * Length is checked before conversion so that `99999999999999999999` can never
 * round to an in-range number beyond 2^53.
 */
export interface IntRule {
  readonly min: number
  readonly max: number
}

export const RULES = {
  userId: { min: 1, max: 2_147_483_647 },
  day: { min: 1, max: 36_500 },
  startDay: { min: 1, max: 36_500 },
  interval: { min: 0, max: 23 },
  steps: { min: 0, max: 100_000 },
  numDays: { min: 1, max: 366 },
} as const satisfies Record<string, IntRule>

export type Field = keyof typeof RULES

const DIGITS = /^(?:0|[1-9][0-9]{0,15})$/

export function parseField(field: Field, raw: string | undefined): number {
  const rule = RULES[field]
  const expected = `${field} must be an integer from ${rule.min} to ${rule.max}`
  if (raw === undefined || raw === '') throw new BadInput(field, `${field} is missing: ${expected}`)
  if (!DIGITS.test(raw)) throw new BadInput(field, `${expected} (decimal digits, no sign or leading zeros), got ${quote(raw)}`)
  const value = Number(raw)
  if (value < rule.min || value > rule.max) throw new BadInput(field, `${expected}, got ${raw}`)
  return value
}

/** Quotes user input for an error message, shortened so a huge path cannot bloat it. */
export function quote(raw: string): string {
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)
}
