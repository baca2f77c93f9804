/**
 * A request's options are checked, so a k6 user's `redirects`, `cookies` or a typo is named
 * rather than silently ignored.
 */
import type { RequestOptions } from '../scenario.ts'

const KNOWN = ['name', 'headers', 'timeout', 'responseType', 'tags']
const NOT_YET: Record<string, string> = {
  redirects: 'redirects are not followed yet: a 3xx answer is returned as it is',
  cookies: 'cookies are not kept yet: send a Cookie header in headers',
  jar: 'cookie jars are not kept yet: send a Cookie header in headers',
  compression: 'compression is not supported yet',
  auth: 'auth is not supported: send an Authorization header in headers',
}

/**
 * Runs on every request that has options (often a new literal each time, as in peak.ts): a
 * loop over its few keys, no allocation unless something is wrong.
 */
export function checkRequestOptions(options: RequestOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`request options must be an object, got ${options === null ? 'null' : typeof options}`)
  for (const key in options) {
    if (KNOWN.includes(key) && (key !== 'tags' || validTags(options.tags))) continue
    throw new TypeError(`request options: ${problemsOf(options).join('; ')} (known: ${KNOWN.join(', ')})`)
  }
}

function validTags(tags: unknown): boolean {
  if (tags === undefined) return true
  if (typeof tags !== 'object' || tags === null) return false
  for (const value of Object.values(tags)) if (typeof value !== 'string') return false
  return true
}

function problemsOf(options: RequestOptions): string[] {
  const problems: string[] = []
  for (const key of Object.keys(options)) {
    if (KNOWN.includes(key)) continue
    problems.push(NOT_YET[key] ? `"${key}": ${NOT_YET[key]}` : `unknown option "${key}"`)
  }
  if (!validTags(options.tags)) problems.push('tags must be an object of string values')
  return problems
}
