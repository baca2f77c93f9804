// The live lines the runner prints while it works, in the original client's words (docs/report.md),
// with the units the original left out.

function twoDigits(n: number): string {
  return String(n).padStart(2, '0')
}

/** `Client Starting ..... Time: 19:04:42` (local wall-clock time, as the original printed). */
export function clientStartingLine(at: Date): string {
  const time = [at.getHours(), at.getMinutes(), at.getSeconds()].map(twoDigits).join(':')
  return `Client Starting ..... Time: ${time}`
}

/** `Target: embedded handler (node, sqlite :memory:)` */
export function targetLine(description: string): string {
  return `Target: ${description}`
}

/** `Warmup phase: All threads running...` */
export function phaseRunningLine(name: string): string {
  return `${name} phase: All threads running...`
}

/** `Warmup phase: complete: Time 412 ms` */
export function phaseCompleteLine(name: string, ms: number): string {
  return `${name} phase: complete: Time ${Math.round(ms)} ms`
}
