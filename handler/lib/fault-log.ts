/**
 * Error logging that an attacker cannot flood (docs/api.md, "Hostile input"): one line per
 * event, never a stack trace, and repeated faults of one kind are counted
 * rather than written once a burst per window has been logged. Runtime-free
 * (Web APIs only), so every entry and the app share it.
 */
export interface FaultLog {
  /** A fault of ours (a 500): one line with the error's name, message and where it was thrown. */
  server(message: string, cause: unknown): void
  /** A client's fault (bad framing, cut body, a flood): one line, rate-limited per kind. */
  client(kind: string, message: string): void
}

export interface FaultLogOptions {
  /** Where lines go; console.error by default. */
  write?: (line: string) => void
  /** Clock in ms; injected by tests so they never depend on timing. */
  now?: () => number
  /** Lines written per kind per window before the rest are only counted. */
  burst?: number
  windowMs?: number
}

interface KindWindow { start: number; written: number; suppressed: number }

export function createFaultLog({ write = (line) => console.error(line), now = Date.now, burst = 5, windowMs = 60_000 }: FaultLogOptions = {}): FaultLog {
  // Keyed by kinds our own code names (a fixed, small set), never by client input.
  const windows = new Map<string, KindWindow>()

  function limited(kind: string, line: string): void {
    const t = now()
    let w = windows.get(kind)
    if (!w || t - w.start >= windowMs) {
      if (w && w.suppressed > 0) write(`${kind}: ${w.suppressed} more not logged in the last ${Math.round((t - w.start) / 1000)} s`)
      w = { start: t, written: 0, suppressed: 0 }
      windows.set(kind, w)
    }
    if (w.written < burst) {
      w.written++
      write(line)
    } else {
      w.suppressed++
    }
  }

  return {
    server: (message, cause) => limited('server fault', `${oneLine(message)}: ${describe(cause)}`),
    client: (kind, message) => limited(kind, `${kind}: ${oneLine(message)}`),
  }
}

/** name: message (at the first stack frame), on one line. */
export function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return oneLine(String(cause))
  const frame = /\n\s+at (?:.*\()?(\S+?:\d+:\d+)\)?/.exec(cause.stack ?? '')?.[1]
  return oneLine(`${cause.name}: ${cause.message}${frame ? ` (at ${frame})` : ''}`)
}

/** Client input may carry newlines or control bytes meant to forge log lines; flatten and clip. */
export function oneLine(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\x00-\x1f\x7f]+/g, ' ')
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}
