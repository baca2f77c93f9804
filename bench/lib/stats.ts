/** Median of a non-empty list; the middle value resists one noisy round better than the mean. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b
}
