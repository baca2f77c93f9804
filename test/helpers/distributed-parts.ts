/**
 * For the distributed tests (docs/distributed.md): the runner started as n separate processes,
 * one per `--segment i/n`, all at once, each writing its part summary; and the parts merged in
 * this process by the same code `node runner merge` runs.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PartMerger, type PartSummary } from '../../src/distributed/part-merger.ts'
import { readSummaries } from '../../src/distributed/part-source.ts'
import type { Summary } from '../../src/report/summary-types.ts'
import { runRunner, type RunnerExit } from './runner-child.ts'

export interface PartRun {
  exit: RunnerExit
  file: string
  summary: PartSummary
}

/**
 * `args` run as parts 1/n..n/n at once; each part's summary is read back from `dir`. Unless `args`
 * name one, the parts get one --start-at a little ahead: parts of one run share a start, and merge
 * refuses parts that did not run at the same time (a part slow to load on a busy machine is late,
 * which merge says, not refused).
 */
export async function runParts(args: string[], n: number, dir: string, env: Record<string, string> = {}, label = 'part'): Promise<PartRun[]> {
  const files = Array.from({ length: n }, (_, i) => join(dir, `${label}-${i + 1}-of-${n}.json`))
  const start = args.includes('--start-at') ? [] : ['--start-at', startAtIn(2000)]
  const exits = await Promise.all(files.map((file, i) =>
    runRunner([...args, ...start, '--segment', `${i + 1}/${n}`, '--out', file, '--quiet', '--no-save'], { env, timeoutMs: 120_000 })))
  return exits.map((exit, i) => {
    let summary: PartSummary
    try {
      summary = JSON.parse(readFileSync(files[i]!, 'utf8')) as PartSummary
    } catch {
      throw new Error(`part ${i + 1}/${n} wrote no summary (exit ${exit.code}):\n${exit.stdout}\n${exit.stderr}`)
    }
    return { exit, file: files[i]!, summary }
  })
}

export async function mergeFiles(files: string[]): Promise<Summary> {
  const merger = new PartMerger()
  for await (const part of readSummaries(files)) merger.add(part)
  return merger.finish().summary
}

/** An ISO time `ms` from now: the common start of parts launched together. */
export function startAtIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString()
}

/**
 * Runs `attempt` with a common start `marginMs` ahead, again with twice the margin while a part
 * says it started late. A runner takes seconds to load when two cores serve a dozen busy
 * processes; what these tests check (one start, whole seconds that every part measured) only
 * means something when every part was ready in time.
 */
export async function withCommonStart<T>(marginMs: number, attempt: (startAt: string) => Promise<T>, stderrs: (result: T) => string[]): Promise<T> {
  for (let margin = marginMs, tries = 1; ; margin *= 2, tries++) {
    const result = await attempt(startAtIn(margin))
    if (!stderrs(result).some((text) => / late; the first phase begins now/.test(text)) || tries === 3) return result
    console.log(`  a part started after a common start ${margin} ms ahead (a busy machine): again with ${2 * margin} ms`)
  }
}
