import { BadInput } from './http-error.ts'

/**
 * The Host rule every runtime applies the same way (docs/api.md, "Hostile input"). Deno
 * builds the request URL from Host, and Bun without a Host takes the first
 * path segment for one, so a malformed or missing Host could change the route.
 * A request therefore needs exactly one Host naming a host (a DNS name, an
 * IPv4 address or a bracketed IPv6 literal) and an optional port; then the URL
 * the runtime built has the request target's path. HTTP/1.0 requests are held
 * to the same rule: the app cannot see the version on every runtime.
 */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/

/** Why the Host value is refused (400 naming Host), or undefined when it is fine. */
export function hostProblem(host: string | null | undefined): BadInput | undefined {
  if (host === null || host === undefined || host === '') return new BadInput('Host', 'Host header is missing: every request must name the host')
  const match = HOST.exec(host)
  if (!match || (match[1] !== undefined && Number(match[1]) > 65535)) {
    return new BadInput('Host', `Host header is invalid: expected host or host:port, got ${JSON.stringify(host.length > 60 ? `${host.slice(0, 60)}…` : host)}`)
  }
  return undefined
}
