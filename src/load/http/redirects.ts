/**
 * Following redirects as fetch and k6 do: up to 10 by default (k6's maxRedirects), each hop a
 * request of its own in the metrics. What the next hop sends follows the fetch standard: 303
 * turns any method but HEAD into a GET without a body; 301 and 302 turn a POST into a GET (as
 * browsers do); 307 and 308 repeat the method and the body. A hop to another origin drops the
 * `Authorization` and `Proxy-Authorization` headers (credentials for the first origin), and a hop that drops the body drops the headers that described it.
 */

/** k6's default for maxRedirects. */
export const DEFAULT_MAX_REDIRECTS = 10

/** The error kind of a request that was still redirected when its limit was reached. */
export const TOO_MANY_REDIRECTS = 'redirects'

export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308
}

/** The next hop keeps its body (307, 308, or a 301/302 of another method than POST). */
export function nextMethod(status: number, method: string): { method: string; keepsBody: boolean } {
  if (status === 303) return method === 'HEAD' ? { method, keepsBody: false } : { method: 'GET', keepsBody: false }
  if ((status === 301 || status === 302) && method === 'POST') return { method: 'GET', keepsBody: false }
  return { method, keepsBody: true }
}

/** Headers that describe a request body, dropped with it (fetch's "request-body-header names"). */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'])

/** Headers carrying the first origin's credentials, never sent to another origin. */
const ORIGIN_CREDENTIALS = new Set(['authorization', 'proxy-authorization', 'cookie'])

/**
 * The next hop's headers from this hop's flat [name, value, ...] list: without the body's
 * headers when the body is dropped, without the credentials (Authorization, Proxy-Authorization, and an
 * explicit Cookie, which the jar re-computes per URL) when the origin changes. The list itself is never changed (it may be
 * shared by every request of the run).
 */
export function nextHeaders(headers: readonly string[], keepsBody: boolean, sameOrigin: boolean): readonly string[] {
  if (keepsBody && sameOrigin) return headers
  const next: string[] = []
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = headers[i]!.toLowerCase()
    if (!keepsBody && BODY_HEADERS.has(name)) continue
    if (!sameOrigin && ORIGIN_CREDENTIALS.has(name)) continue
    next.push(headers[i]!, headers[i + 1]!)
  }
  return next
}

/** The absolute URL `location` points to from `from`, or undefined when it is not an http(s) URL. */
export function resolveLocation(location: string, from: string): URL | undefined {
  try {
    const url = new URL(location, from)
    url.hash = '' // a fragment is never sent
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}
