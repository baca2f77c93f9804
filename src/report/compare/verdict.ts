// The verdict on one row from its interval, shared by both ways of judging: the interval must
// exclude 0, agree with the whole-figure change on the direction, and the change be at least the
// smallest change worth a verdict.
import type { ComparisonDiff, Verdict } from './comparison-types.ts'
import type { RowSpec } from './comparison-rows.ts'

/** Familywise confidence: the chance that no row of a comparison gets a false verdict. */
export const FAMILY_CONFIDENCE = 0.95
export const DEFAULT_MIN_CHANGE = 0.05
/** Error rates: a change of less than this many percentage points gets no verdict. */
export const MIN_ERROR_RATE_CHANGE = 0.001

/**
 * Each row's confidence when `rows` are judged together (Bonferroni): with six rows at 99.17%
 * each, the chance that any of them is a false verdict between alike runs stays under 5%.
 */
export function rowConfidence(rows: number): number {
  return 1 - (1 - FAMILY_CONFIDENCE) / Math.max(1, rows)
}

export function verdictOf(spec: RowSpec, interval: [number, number], absolute: number, relative: number | null, minChange: number): Verdict {
  const sure = interval[0] > 0 || interval[1] < 0
  const large = spec.key === 'errorRate' ? Math.abs(absolute) >= MIN_ERROR_RATE_CHANGE : relative === null || Math.abs(relative) >= minChange
  const up = interval[0] > 0
  if (!sure || !large || (up ? absolute <= 0 : absolute >= 0)) return 'no significant difference'
  return up === (spec.better === 'higher') ? 'better' : 'worse'
}

/** The diff of a row that cannot be judged, saying why. */
export function unjudgedDiff(absolute: number, relative: number | null, verdict: Verdict, why: string): ComparisonDiff {
  return { absolute, relative, interval: null, relativeInterval: null, verdict, why }
}

/** Two decimals, for the method line's percentages. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100
}
