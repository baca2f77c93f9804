/**
 * The checks the outputs table (output-table.ts) makes of a target before the run, so a bad one
 * is one line and exit 2 before any load: a file's folder can be made and written (the one file
 * path check, for every output that writes a file), a URL is http(s), and k6's push-interval
 * variables are durations.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseDuration } from '../load/parse-duration.ts'

export type Env = Record<string, string | undefined>

/** What is wrong with writing `file`, if anything; `example` says how to name a file in a folder (for a directory given). */
export function checkFile(file: string, example: (folder: string) => string): string | undefined {
  if (isDirectory(file)) return `is a directory; name a file, e.g. ${example(file.replace(/\/+$/, ''))}`
  const folder = dirname(resolve(file))
  try {
    mkdirSync(folder, { recursive: true })
    accessSync(folder, constants.W_OK)
    return undefined
  } catch (error) {
    return `cannot write there (${(error as Error).message})`
  }
}

export function checkUrl(url: string): string | undefined {
  try {
    const { protocol } = new URL(url)
    if (protocol === 'http:' || protocol === 'https:') return undefined
  } catch {
    // Said below.
  }
  return 'needs an http:// or https:// URL'
}

/** A duration variable (k6's push intervals: `5s`, `500ms`) that is set and is not one. */
export function checkEnvDuration(env: Env, name: string): string | undefined {
  const text = env[name]
  if (text === undefined) return undefined
  const ms = parseDuration(text)
  return ms !== undefined && ms > 0 ? undefined : `${name}=${text} is not a duration such as 5s or 500ms`
}

/** The variable's duration in ms, when set (checked before the run by checkEnvDuration). */
export function envDuration(env: Env, name: string): number | undefined {
  const text = env[name]
  return text === undefined ? undefined : parseDuration(text)
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory()
  } catch {
    return false
  }
}
