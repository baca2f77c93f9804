/** Number formatting for the results table: thousands separators, ms with three decimals below 10. */
export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a'
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a'
  return ms < 10 ? `${ms.toFixed(3)} ms` : `${ms.toFixed(1)} ms`
}

export function fmtRatio(r: number | undefined): string {
  return r === undefined || !Number.isFinite(r) ? '' : `${r.toFixed(2)}x`
}

export function fmtMb(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1048576).toFixed(1)} MB` : 'n/a'
}

export function fmtPct(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : 'n/a'
}
