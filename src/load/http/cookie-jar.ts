/**
 * A thread's cookies (RFC 6265 through tough-cookie: domain and path matching, expiry, Secure
 * only over https, as k6's Go jar). The jar is created on the first cookie a thread meets: a
 * scenario whose answers set none never builds one and pays one `undefined` check per request.
 *
 * Cleared before each iteration as k6 does, unless the scenario sets `noCookiesReset`. The
 * clearing is lazy: the jar remembers the iteration it belongs to and empties itself the first
 * time it is used in a later one, so nothing runs per iteration when no cookie is in play.
 *
 * tough-cookie takes some 10-25 µs to compute a Cookie header, as much as the rest of a request:
 * the header is kept per URL (without its query) until the jar changes or its first cookie
 * expires, so a thread that keeps sending the same cookies to the same pages pays for it once.
 */
import { Cookie, CookieJar } from 'tough-cookie'
import type { CookieAccess, CookieOptions } from '../scenario.ts'

export class ThreadCookies implements CookieAccess {
  private jar: CookieJar | undefined = undefined
  /** The iteration whose cookies the jar holds. */
  private iteration = 0
  /** Cookie headers by URL without its query, valid while the jar is unchanged and until `headersValidUntil`. */
  private readonly headers = new Map<string, string>()
  private headersValidUntil = Infinity

  /**
   * `resolve` turns what a scenario passes (a path or a URL) into an absolute URL; `currentIteration`
   * is the thread's iteration count (read only when the jar exists).
   */
  constructor(
    private readonly keepAcrossIterations: boolean,
    private readonly resolve: (url: string) => string,
    private readonly currentIteration: () => number,
  ) {}

  /** A jar exists: only then does a request look for cookies to send. */
  get active(): boolean {
    return this.jar !== undefined
  }

  /** The Cookie header for `url`, or '' (no jar, no matching cookie). */
  headerFor(url: string): string {
    const jar = this.current()
    if (jar === undefined) return ''
    if (Date.now() >= this.headersValidUntil) this.changed()
    const query = url.indexOf('?')
    const key = query < 0 ? url : url.slice(0, query)
    let header = this.headers.get(key)
    if (header === undefined) {
      const cookies = jar.getCookiesSync(url)
      header = cookies.map((cookie) => cookie.cookieString()).join('; ')
      for (const cookie of cookies) {
        const expiry = cookie.expiryTime()
        if (expiry !== undefined && expiry < this.headersValidUntil) this.headersValidUntil = expiry
      }
      if (this.headers.size >= MAX_CACHED_URLS) this.headers.clear()
      this.headers.set(key, header)
    }
    return header
  }

  /** Keeps the `Set-Cookie` values of an answer from `url` (one per line, as raw-headers joins them). */
  store(url: string, setCookies: readonly string[]): void {
    const jar = this.open()
    for (const line of setCookies) jar.setCookieSync(line, url, { ignoreError: true })
    this.changed()
  }

  get(url: string): Record<string, string> {
    const cookies: Record<string, string> = {}
    for (const cookie of this.cookiesFor(url)) cookies[cookie.key] ??= cookie.value
    return cookies
  }

  cookiesForURL(url: string): Record<string, string[]> {
    const cookies: Record<string, string[]> = {}
    for (const cookie of this.cookiesFor(url)) (cookies[cookie.key] ??= []).push(cookie.value)
    return cookies
  }

  set(url: string, name: string, value: string, options: CookieOptions = {}): void {
    if (typeof name !== 'string' || name === '' || /[;=\s]/.test(name)) throw new TypeError(`ctx.cookies.set: name ${JSON.stringify(name)} must be a cookie name (no ';', '=' or spaces)`)
    if (typeof value !== 'string' || /[;\r\n]/.test(value)) throw new TypeError(`ctx.cookies.set: value of "${name}" must be a string without ';' or line breaks`)
    const absolute = this.resolve(url)
    const cookie = new Cookie({ key: name, value })
    if (options.domain !== undefined) cookie.domain = options.domain.replace(/^\./, '')
    if (options.path !== undefined) cookie.path = options.path
    if (options.expires !== undefined) cookie.expires = options.expires instanceof Date ? options.expires : new Date(options.expires)
    if (options.maxAge !== undefined) cookie.maxAge = options.maxAge
    if (options.secure) cookie.secure = true
    if (options.httpOnly) cookie.httpOnly = true
    // Without `domain` a cookie is host-only, as one set by the answer of a request to `url`.
    this.open().setCookieSync(cookie.toString(), absolute, { ignoreError: false })
    this.changed()
  }

  clear(url: string): void {
    for (const cookie of this.cookiesFor(url)) this.remove(cookie)
  }

  delete(url: string, name: string): void {
    for (const cookie of this.cookiesFor(url)) if (cookie.key === name) this.remove(cookie)
  }

  private cookiesFor(url: string): Cookie[] {
    const jar = this.current()
    return jar === undefined ? [] : jar.getCookiesSync(this.resolve(url))
  }

  private remove(cookie: Cookie): void {
    // The memory store answers synchronously; its callback form is the one without a promise.
    this.jar!.store.removeCookie(cookie.domain, cookie.path, cookie.key, noop)
    this.changed()
  }

  /** Forgets the Cookie headers computed so far. */
  private changed(): void {
    this.headers.clear()
    this.headersValidUntil = Infinity
  }

  /** The jar if it exists, emptied first when it holds an earlier iteration's cookies. */
  private current(): CookieJar | undefined {
    if (this.jar === undefined) return undefined
    if (!this.keepAcrossIterations) {
      const iteration = this.currentIteration()
      if (iteration !== this.iteration) {
        this.iteration = iteration
        this.jar.removeAllCookiesSync()
        this.changed()
      }
    }
    return this.jar
  }

  private open(): CookieJar {
    const jar = this.current()
    if (jar !== undefined) return jar
    this.iteration = this.currentIteration()
    // allowSecureOnLocal false: a Secure cookie goes over https only, even to 127.0.0.1 (as k6).
    return (this.jar = new CookieJar(undefined, { allowSecureOnLocal: false, looseMode: true }))
  }
}

function noop(): void {}

/** A thread sending to more distinct pages than this starts its header cache over. */
const MAX_CACHED_URLS = 256
