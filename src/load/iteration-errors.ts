/**
 * Exceptions thrown by a scenario's iteration function. Each is counted and the thread goes
 * on (a bug in one iteration must not end a load test); the first one is kept, with where it
 * was thrown, so the report can say what went wrong.
 */
export class IterationErrors {
  count = 0
  first: string | undefined

  add(error: unknown): void {
    this.count++
    this.first ??= describeError(error)
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const where = error.stack?.split('\n').slice(1).find((line) => !line.includes('node_modules') && !line.includes('node:'))
  const at = where ? ` (${where.trim().replace(/^at\s+/, '')})` : ''
  return `${error.name}: ${error.message}${at}`
}
