/**
 * Errors the runner turns into a message and an exit code instead of a stack trace.
 * docs/cli.md, "Exit codes": 1 the run could not be done, 2 a usage or scenario error.
 */
export class UsageError extends Error {
  readonly exitCode: number = 2
  /** Each problem on its own line; the message's first line says what failed. */
  constructor(message: string, readonly problems: string[] = []) {
    super(problems.length ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message)
    this.name = 'UsageError'
  }
}

export class RunFailure extends Error {
  readonly exitCode: number = 1
  constructor(message: string) {
    super(message)
    this.name = 'RunFailure'
  }
}
