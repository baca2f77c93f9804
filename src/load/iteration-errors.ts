/**
 * Exceptions thrown by a scenario's iteration function. Each is counted and the thread goes on
 * (a bug in one iteration must not end a load test). Each distinct message is kept with its count
 * and where it was first thrown in the scenario: the first stack frame outside edgeload's own
 * code (a bad request option is thrown inside the runner but reported at the scenario's call).
 * Serializes and merges, so worker threads and distributed parts add up.
 */
import { fileURLToPath } from 'node:url'
import { relative, sep } from 'node:path'

export interface IterationErrorEntry {
  /** `TypeError: Cannot read properties of undefined (reading 'x')`. */
  message: string
  count: number
  /** `scenarios/my-test.ts:12:7`: the first place it was thrown, in the scenario; '' when unknown. */
  at: string
}

/** At most this many distinct messages are kept (an error whose message carries an id would grow it without end). */
const MAX_DISTINCT = 100
const OTHER = 'other messages (more than 100 distinct ones)'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
/** edgeload's own code: frames here are the runner's, not the scenario's. */
const OWN = ['src', 'runner', 'node_modules'].map((folder) => REPO + folder + sep)

export class IterationErrors {
  count = 0
  private readonly byMessage = new Map<string, IterationErrorEntry>()

  add(error: unknown): void {
    this.count++
    const message = messageOf(error)
    const seen = this.byMessage.get(message) ?? this.byMessage.get(OTHER)
    if (seen) return void seen.count++
    const key = this.byMessage.size < MAX_DISTINCT ? message : OTHER
    this.byMessage.set(key, { message: key, count: 1, at: key === OTHER ? '' : locationOf(error) })
  }

  /** The first message, with where it was thrown (the runner's one-line warning). */
  get first(): string | undefined {
    const entry = this.byMessage.values().next().value as IterationErrorEntry | undefined
    return entry && `${entry.message}${entry.at ? ` (${entry.at})` : ''}`
  }

  /** Most frequent first. */
  entries(): IterationErrorEntry[] {
    return [...this.byMessage.values()].map((e) => ({ ...e })).sort((a, b) => b.count - a.count)
  }

  merge(entries: readonly IterationErrorEntry[]): void {
    for (const entry of entries) {
      this.count += entry.count
      const mine = this.byMessage.get(entry.message)
      if (mine) mine.count += entry.count
      else this.byMessage.set(entry.message, { ...entry })
    }
  }
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  return `${error.name}: ${error.message}`
}

/** The first stack frame in the scenario: not in edgeload's src/, runner/, node_modules or Node itself. */
function locationOf(error: unknown): string {
  if (!(error instanceof Error) || !error.stack) return ''
  for (const line of error.stack.split('\n').slice(1)) {
    const frame = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line.trim())
    if (!frame) continue
    const file = frame[1]!.startsWith('file://') ? fileURLToPath(frame[1]!) : frame[1]!
    if (file.startsWith('node:') || !file.startsWith('/') || OWN.some((own) => file.startsWith(own))) continue
    const shown = relative(process.cwd(), file)
    return `${shown.startsWith('..') ? file : shown}:${frame[2]}:${frame[3]}`
  }
  return ''
}
