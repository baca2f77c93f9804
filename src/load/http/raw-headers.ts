/**
 * Response headers arrive as our own connection's header lines (one CRLF-separated string) or
 * as undici's flat list of Buffers, name then value. Turning them into an object costs more than
 * most iterations ever need, so the clients only pick out the two headers the metrics read and
 * the object is built when a scenario asks for it.
 */
export type RawHeaders = string | readonly Buffer[] | null

/** Lower-cased names; repeated headers joined with ', ' (set-cookie with '\n'). */
export function headersObject(raw: RawHeaders): Record<string, string> {
  const headers: Record<string, string> = {}
  if (!raw) return headers
  const list: readonly (string | Buffer)[] = typeof raw === 'string' ? splitLines(raw) : raw
  for (let i = 0; i + 1 < list.length; i += 2) {
    const name = text(list[i]!).toLowerCase()
    const value = text(list[i + 1]!)
    const seen = headers[name]
    headers[name] = seen === undefined ? value : seen + (name === 'set-cookie' ? '\n' : ', ') + value
  }
  return headers
}

/** "Name: value\r\nName: value" -> [name, value, ...] (values trimmed, as parsers do). */
function splitLines(lines: string): string[] {
  const list: string[] = []
  for (const line of lines.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) list.push(line.slice(0, colon), line.slice(colon + 1).trim())
  }
  return list
}

function text(value: string | Buffer): string {
  return typeof value === 'string' ? value : value.toString('latin1')
}

/**
 * Every value of one header (`lowerName` in lower case), without building the whole object:
 * for the few headers the client itself reads (Location, Set-Cookie, Content-Encoding).
 */
export function headerValues(raw: RawHeaders, lowerName: string): string[] {
  const values: string[] = []
  if (!raw) return values
  if (typeof raw !== 'string') {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (isHeader(raw[i]!, lowerName)) values.push(raw[i + 1]!.toString('latin1').trim())
    }
    return values
  }
  for (let start = 0; start < raw.length;) {
    let end = raw.indexOf('\r\n', start)
    if (end < 0) end = raw.length
    const colon = start + lowerName.length
    if (colon < end && raw.charCodeAt(colon) === 58 && raw.slice(start, colon).toLowerCase() === lowerName) values.push(raw.slice(colon + 1, end).trim())
    start = end + 2
  }
  return values
}

/** The first value of one header, or undefined. */
export function headerValue(raw: RawHeaders, lowerName: string): string | undefined {
  return headerValues(raw, lowerName)[0]
}

/** Lengths checked first: most names are never decoded. */
export function isHeader(name: Buffer, lowerName: string): boolean {
  return name.length === lowerName.length && name.toString('latin1').toLowerCase() === lowerName
}

const APP_TIMING = /(?:^|,)\s*app\s*;(?:[^,]*;)?\s*dur=([\d.]+)/
const INIT_TIMING = /(?:^|,)\s*init\s*;(?:[^,]*;)?\s*dur=([\d.]+)/

/** `Server-Timing: app;dur=1.25, db;dur=0.3` -> 1250 (microseconds), or -1 without an `app` entry. */
export function appServerTimingUs(value: string): number {
  return timingUs(APP_TIMING.exec(value))
}

/** A cold start's `Server-Timing: ..., init;dur=412.5` (the local Lambda's front) -> 412500 µs, or -1. */
export function initServerTimingUs(value: string): number {
  return timingUs(INIT_TIMING.exec(value))
}

function timingUs(match: RegExpExecArray | null): number {
  if (!match) return -1
  const ms = Number(match[1])
  return Number.isFinite(ms) ? Math.round(ms * 1000) : -1
}
