/**
 * Which target a run loads: `--target`, else the scenario's `target`, else the embedded
 * handler started in this process (closed again when the run ends).
 */
import { startEmbeddedTarget } from '../src/load/embedded-target.ts'
import { parseTarget, probeTarget, type HttpTarget } from '../src/load/http/target.ts'
import { RunFailure } from '../src/load/run-errors.ts'

export interface ChosenTarget {
  http: HttpTarget
  /** For the report's Target line. */
  description: string
  embedded: boolean
  close(): Promise<void>
}

export async function chooseTarget(fromOption: string | undefined, fromScenario: string | undefined): Promise<ChosenTarget> {
  const url = fromOption ?? fromScenario
  if (url !== undefined) {
    const source = fromOption !== undefined ? '--target' : 'the scenario\'s target'
    return { http: parseTarget(url), description: `${url} (${source})`, embedded: false, close: async () => {} }
  }
  const embedded = await startEmbeddedTarget()
  return { http: parseTarget(embedded.url), description: embedded.description, embedded: true, close: embedded.close }
}

/** One TCP connection first: an unreachable target is one clear line and exit 1. */
export async function ensureReachable(target: ChosenTarget, timeoutMs: number): Promise<void> {
  const problem = await probeTarget(target.http, Math.min(timeoutMs, 10_000))
  if (problem) throw new RunFailure(`Target ${target.http.url} cannot be reached: ${problem}`)
}
