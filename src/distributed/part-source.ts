/**
 * Where `merge` reads parts from: summary JSON files (as `--out` writes them), files or standard
 * input holding one summary per line or marked log lines (`--out -`, a pod's log), other lines
 * ignored. Each part is parsed and decoded as it comes, so a hundred parts are never all in
 * memory at once.
 */
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { UsageError } from '../load/run-errors.ts'
import { decodeSummary } from '../report/summary-read.ts'
import type { Summary } from '../report/summary-types.ts'
import { summaryText } from './summary-line.ts'

export interface SourcedSummary {
  summary: Summary
  /** For messages: `a.json`, `stdin line 12`. */
  source: string
}

/** Every summary of every source in order; `-` is standard input. */
export async function* readSummaries(sources: readonly string[], stdin: Readable = process.stdin): AsyncGenerator<SourcedSummary> {
  for (const source of sources) {
    if (source === '-') yield* fromLines(stdin, 'stdin')
    else yield* fromFile(source)
  }
}

async function* fromFile(file: string): AsyncGenerator<SourcedSummary> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read it (${code ?? (error as Error).message})`)
  }
  // A summary file (--out) parses whole; anything else (a saved log) is read line by line.
  const whole = parseOrUndefined(text)
  if (whole !== undefined) yield decoded(whole, file)
  else yield* fromLines(Readable.from([text]), file)
}

async function* fromLines(input: Readable, name: string): AsyncGenerator<SourcedSummary> {
  let number = 0
  let found = 0
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    number++
    const text = summaryText(line)
    if (text === undefined) continue
    const source = `${name} line ${number}`
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw new UsageError(`${source}: a summary line that is not valid JSON (${(error as Error).message}); was the log line cut?`)
    }
    found++
    yield decoded(json, source)
  }
  if (found === 0) throw new UsageError(`${name}: no summary found (expected summary JSON, one per line, or lines marked EDGELOAD_SUMMARY as --out - prints)`)
}

function decoded(json: unknown, source: string): SourcedSummary {
  return { summary: decodeSummary(json, source).summary, source }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
