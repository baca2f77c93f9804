/**
 * Where the runner's lines go: live lines (Client Starting, Target, phases) and the progress
 * line on stdout, unless quiet; the report always; warnings and errors on stderr.
 */
import { ProgressLine } from '../src/load/progress-line.ts'
import type { LiveCounters, RunControl } from '../src/load/run-control.ts'

export class LiveOutput {
  private progress: ProgressLine | undefined

  constructor(
    private readonly quiet: boolean,
    private readonly wantsProgress: boolean,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
    private readonly progressEveryMs = 500,
  ) {}

  /** A live line; quiet runs skip them. */
  line(text: string): void {
    if (this.quiet) return
    this.progress?.clear()
    this.stdout.write(text + '\n')
  }

  /** The final report: always printed. */
  report(text: string): void {
    this.progress?.clear()
    this.stdout.write(text.endsWith('\n') ? text : text + '\n')
  }

  warn(text: string): void {
    this.progress?.clear()
    this.stderr.write(text + '\n')
  }

  /** Shown only on a terminal, and not with --quiet or --no-progress. */
  startProgress(live: LiveCounters, control: RunControl): void {
    if (this.quiet || !this.wantsProgress || !this.stdout.isTTY) return
    this.progress = new ProgressLine(live, control, (text) => this.stdout.write(text), this.progressEveryMs)
    this.progress.start()
  }

  stopProgress(): void {
    this.progress?.stop()
    this.progress = undefined
  }
}
