/**
 * A request's options are checked, so a k6 user's `redirects`, `cookies` or a typo is named
 * rather than silently ignored. The same options object is usually passed on every request (a
 * constant in the scenario): each object is checked once.
 */
import type { RequestOptions } from '../scenario.ts'

const KNOWN = new Set(['name', 'headers', 'timeout', 'responseType', 'tags'])
const NOT_YET: Record<string, string> = {
  redirects: 'redirects are not followed yet: a 3xx answer is returned as it is',
  cookies: 'cookies are not kept yet: send a Cookie header in headers',
  jar: 'cookie jars are not kept yet: send a Cookie header in headers',
  compression: 'compression is not supported yet',
  auth: 'auth is not supported: send an Authorization header in headers',
}
const checked = new WeakSet<object>()

export function checkRequestOptions(options: RequestOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`request options must be an object, got ${options === null ? 'null' : typeof options}`)
  if (checked.has(options)) return
  const problems: string[] = []
  for (const key of Object.keys(options)) {
    if (KNOWN.has(key)) continue
    problems.push(NOT_YET[key] ? `"${key}": ${NOT_YET[key]}` : `unknown option "${key}"`)
  }
  const tags = (options as { tags?: unknown }).tags
  if (tags !== undefined && (typeof tags !== 'object' || tags === null || Object.values(tags).some((v) => typeof v !== 'string'))) {
    problems.push('tags must be an object of string values')
  }
  if (problems.length) throw new TypeError(`request options: ${problems.join('; ')} (known: ${[...KNOWN].join(', ')})`)
  checked.add(options)
}
