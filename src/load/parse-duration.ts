/**
 * Durations as k6 writes them: '30s', '1m30s', '500ms', '2h', '1.5s'. A bare number is
 * milliseconds (the JavaScript convention); a string without a unit is refused, since '30'
 * could mean seconds or milliseconds.
 */
import type { Duration } from './scenario.ts'

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g

/** Milliseconds, or undefined when `value` is not a duration. */
export function parseDuration(value: Duration | unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (!WHOLE.test(text)) return undefined
  let ms = 0
  for (const [, amount, unit] of text.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit!]!
  return ms
}

/** A short hint for messages about a value that did not parse. */
export const DURATION_HINT = "use a number of milliseconds or a string like '500ms', '30s', '1m30s'"
