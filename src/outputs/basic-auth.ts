/**
 * Credentials of an output that pushes (prometheus, influxdb): the URL's user:password
 * (`http://user:pw@host/...`, percent-encoded as URLs have it) or k6's variables for them, which
 * win when set (`K6_PROMETHEUS_RW_USERNAME`/`_PASSWORD`, `K6_INFLUXDB_USERNAME`/`_PASSWORD`; a
 * password in the environment stays out of the command line and `ps`). They are sent as HTTP Basic
 * authentication, as both servers take them; the URL fetched and named is the one without them
 * (fetch refuses a URL that carries credentials).
 */
export interface Credentials {
  username?: string
  password?: string
}

export interface AuthEndpoint {
  /** The URL without its user:password. */
  url: string
  /** `{ Authorization: 'Basic ...' }`, or empty without credentials. */
  headers: Record<string, string>
}

export function basicAuthEndpoint(url: string, given: Credentials = {}): AuthEndpoint {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { url, headers: {} }
  }
  const username = given.username ?? decoded(parsed.username)
  const password = given.password ?? decoded(parsed.password)
  const headers: Record<string, string> = username || password
    ? { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` }
    : {}
  if (!parsed.username && !parsed.password) return { url, headers }
  parsed.username = ''
  parsed.password = ''
  return { url: parsed.href, headers }
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
