/**
 * A file option of a subcommand (`report --html FILE`, `compare --html FILE`): its value checked
 * and the write's failure turned into one line (exit 2) rather than a stack trace.
 */
import { UsageError } from '../../src/load/run-errors.ts'

/** The option's file name, or undefined when not given; `--html` without a value is a UsageError. */
export function fileOption(value: unknown, flag: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} needs a file name, e.g. ${flag} report.html`)
  return value
}

/** Runs `write`; a file-system refusal (no such folder, no permission) is a UsageError naming the file. */
export function writeOutput(flag: string, file: string, write: (file: string) => void): void {
  try {
    write(file)
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException
    // Anything but the file system's answer is a fault in edgeload: let it reach the internal-error report.
    if (typeof code !== 'string') throw error
    throw new UsageError(`${flag} ${file}: cannot write it (${code})`)
  }
}
