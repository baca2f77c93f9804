/**
 * A scenario's `export function handleSummary(data)`, as k6's: called once at the end with the
 * run's summary (the same object `--out FILE.json` writes), it returns a map of where to what:
 * `stdout`, `stderr`, or a file path (folders made), each to a string or bytes. As in k6, a
 * scenario that has one replaces the printed report with what it returns; when it throws or
 * returns something else, the standard report is printed and the run's exit code stands.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Summary } from './summary-types.ts'

export type HandleSummary = (data: Summary) => unknown

export interface SummarySinks {
  stdout(text: string): void
  stderr(text: string): void
  /** `handleSummary() wrote results.html`. */
  wrote(file: string): void
}

/** The module's handleSummary export, if it has one. */
export function handleSummaryOf(exports: Record<string, unknown> | undefined): HandleSummary | undefined {
  const fn = exports?.handleSummary
  return typeof fn === 'function' ? (fn as HandleSummary) : undefined
}

/** Runs it and writes what it returned; a problem comes back as text (the caller prints the report instead). */
export async function runHandleSummary(fn: HandleSummary, summary: Summary, sinks: SummarySinks): Promise<string | undefined> {
  let returned: unknown
  try {
    returned = await fn(structuredClone(summary))
  } catch (error) {
    return `handleSummary() threw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`
  }
  if (typeof returned !== 'object' || returned === null || Array.isArray(returned)) {
    return `handleSummary() must return an object of where to what (e.g. { stdout: '...', 'summary.json': '...' }), got ${returned === null ? 'null' : Array.isArray(returned) ? 'an array' : typeof returned}`
  }
  const entries = Object.entries(returned)
  const bad = entries.find(([, content]) => contentOf(content) === undefined)
  if (bad) return `handleSummary(): ${JSON.stringify(bad[0])} must be a string or bytes (ArrayBuffer, Uint8Array), got ${typeof bad[1]}`
  for (const [where, content] of entries) {
    const bytes = contentOf(content)!
    if (where === 'stdout') sinks.stdout(textOf(bytes))
    else if (where === 'stderr') sinks.stderr(textOf(bytes))
    else {
      try {
        mkdirSync(dirname(resolve(where)), { recursive: true })
        writeFileSync(where, bytes)
      } catch (error) {
        return `handleSummary(): could not write ${where} (${(error as Error).message})`
      }
      sinks.wrote(where)
    }
  }
  return undefined
}

function contentOf(content: unknown): string | Uint8Array | undefined {
  if (typeof content === 'string') return content
  if (content instanceof Uint8Array) return content
  if (content instanceof ArrayBuffer) return new Uint8Array(content)
  return undefined
}

function textOf(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : Buffer.from(content).toString('utf8')
}
