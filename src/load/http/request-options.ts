/**
 * A request's options are checked, so a k6 user's `jar`, `auth` or a typo is named rather than
 * silently ignored.
 */
import type { RequestOptions } from '../scenario.ts'
import { isResponseCallback } from './response-callback.ts'

const KNOWN = ['name', 'headers', 'timeout', 'responseType', 'tags', 'redirects', 'cookies', 'responseCallback']
const NOT_YET: Record<string, string> = {
  jar: 'each thread has one jar: read and set it with ctx.cookies, or pass cookies: false',
  compression: 'k6\'s compression compresses the request body, which is not supported: send compressed bytes with a Content-Encoding header',
  auth: 'auth is not supported: send an Authorization header in headers',
}

/**
 * Runs on every request that has options (often a new literal each time, as in peak.ts): a
 * loop over its few keys, no allocation unless something is wrong.
 */
export function checkRequestOptions(options: RequestOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`request options must be an object, got ${options === null ? 'null' : typeof options}`)
  for (const key in options) {
    if (KNOWN.includes(key) && valid(options, key)) continue
    throw new TypeError(`request options: ${problemsOf(options).join('; ')} (known: ${KNOWN.join(', ')})`)
  }
}

function valid(options: RequestOptions, key: string): boolean {
  switch (key) {
    case 'tags': return validTags(options.tags)
    case 'redirects': return validRedirects(options.redirects)
    case 'cookies': return validCookies(options.cookies)
    case 'responseCallback': return isResponseCallback(options.responseCallback)
    default: return true
  }
}

function validTags(tags: unknown): boolean {
  if (tags === undefined) return true
  if (typeof tags !== 'object' || tags === null) return false
  for (const value of Object.values(tags)) if (typeof value !== 'string') return false
  return true
}

function validRedirects(redirects: unknown): boolean {
  return redirects === undefined || (Number.isSafeInteger(redirects) && (redirects as number) >= 0)
}

function validCookies(cookies: unknown): boolean {
  return cookies === undefined || cookies === false || (validTags(cookies) && cookies !== null)
}

function problemsOf(options: RequestOptions): string[] {
  const problems: string[] = []
  for (const key of Object.keys(options)) {
    if (KNOWN.includes(key)) continue
    problems.push(NOT_YET[key] ? `"${key}": ${NOT_YET[key]}` : `unknown option "${key}"`)
  }
  if (!validTags(options.tags)) problems.push('tags must be an object of string values')
  if (!validRedirects(options.redirects)) problems.push(`redirects must be a whole number >= 0, got ${JSON.stringify(options.redirects)}`)
  if (!validCookies(options.cookies)) problems.push('cookies must be false (no jar for this request) or an object of name: value strings')
  if (options.responseCallback !== undefined && !isResponseCallback(options.responseCallback)) problems.push('responseCallback must be expectedStatuses(...) or null')
  return problems
}
