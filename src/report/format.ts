// Number formatting shared by the report's block and tables.

/** Milliseconds with three decimals below 10 ms (0.482), fewer above (45.12, 162.3, 1834). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-'
  const size = Math.abs(ms)
  if (size < 10) return ms.toFixed(3)
  if (size < 100) return ms.toFixed(2)
  if (size < 1000) return ms.toFixed(1)
  return ms.toFixed(0)
}

/** Requests per second, one decimal: 4034.9 */
export function formatRate(perSecond: number): string {
  return perSecond.toFixed(1)
}

/** A share as a percentage with two decimals: 99.95% */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(2)}%`
}

export function formatCount(n: number): string {
  return String(Math.round(n))
}

/** Bytes in the nearest binary unit: 512 B, 1.5 KiB, 12.3 MiB */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`
}
