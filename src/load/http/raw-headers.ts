/**
 * undici hands the response headers over as a flat list of Buffers, name then value. Turning
 * them into an object costs more than most iterations ever need, so the client only scans for
 * the two headers the metrics read and builds the object when a scenario asks for it.
 */

/** Lower-cased names; repeated headers joined with ', ' (set-cookie with '\n'). */
export function headersObject(raw: Buffer[] | null): Record<string, string> {
  const headers: Record<string, string> = {}
  if (!raw) return headers
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase()
    const value = raw[i + 1]!.toString('latin1')
    const seen = headers[name]
    headers[name] = seen === undefined ? value : seen + (name === 'set-cookie' ? '\n' : ', ') + value
  }
  return headers
}

/** Lengths checked first: most names are never decoded. */
export function isHeader(name: Buffer, lowerName: string): boolean {
  return name.length === lowerName.length && name.toString('latin1').toLowerCase() === lowerName
}

/** `Server-Timing: app;dur=1.25, db;dur=0.3` -> 1250 (microseconds), or -1 without an `app` entry. */
export function appServerTimingUs(value: string): number {
  const match = /(?:^|,)\s*app\s*;(?:[^,]*;)?\s*dur=([\d.]+)/.exec(value)
  if (!match) return -1
  const ms = Number(match[1])
  return Number.isFinite(ms) ? Math.round(ms * 1000) : -1
}
