import { BadInput, CLOSE, HttpError } from './http-error.ts'

/**
 * The request-target rule every runtime applies the same way (docs/api.md,
 * "Hostile input", paths): the service routes on the path as sent. A path that
 * a URL parser or a router would rewrite into another one is refused instead
 * of rewritten, since runtimes rewrite differently (before this rule
 * `POST /zz/../7/1/0/9` recorded on Node and Bun but not on Deno, and
 * `/7/1/0/%39`, `/7/1/0/9/` recorded everywhere):
 *
 * - a dot-segment (`.` or `..`);
 * - a `%` (no route needs one, and no parameter is percent-decoded);
 * - a backslash, which WHATWG URL parsers read as `/`;
 * - a fragment (`#`), which has no place in a request target (RFC 9112 section 3.2).
 *
 * A trailing `/` is kept and routes nowhere (lib/exact-router.ts); an empty
 * segment is a missing parameter (lib/route-table.ts). The query is not routed
 * on and may hold anything but `#`.
 */
const BAD_PATH = /[%\\#]|\/\.\.?(?:\/|$)/

/** Why the path (and query) of a request is refused, or undefined. `target` starts at the path. */
export function targetProblem(target: string): BadInput | undefined {
  return plainPath(target) ? undefined : slowTargetProblem(target)
}

/**
 * True for a target with no query whose every character is a letter, a digit,
 * `/`, `_`, `-` or a `.` that does not start a segment: every route's target,
 * checked in one pass (the regex costs several times more per request).
 */
function plainPath(target: string): boolean {
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i)
    if ((c >= 97 && c <= 122) || (c >= 47 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || c === 45) continue
    if (c === 46 && target.charCodeAt(i - 1) !== 47) continue
    return false
  }
  return true
}

function slowTargetProblem(target: string): BadInput | undefined {
  const query = target.indexOf('?')
  const path = query < 0 ? target : target.slice(0, query)
  if (BAD_PATH.test(path)) return new BadInput('path', `path ${quoted(path)} is not routed: it has a dot-segment, %, \\ or # (paths are taken as sent; docs/api.md)`)
  if (query >= 0 && target.includes('#', query)) return new BadInput('path', 'request target has a fragment (#): a request target never carries one')
  return undefined
}

/** CONNECT asks for a tunnel (an authority-form target): this server is no proxy, and the connection closes. */
export const CONNECT_REFUSED = new HttpError(400, 'method CONNECT is not supported: this server is not a proxy', 'method', CLOSE)

/**
 * The path and query of an absolute URL as a runtime built it (`http://host:port/path?q`),
 * from the first `/` after the scheme's `//`.
 */
export function pathOfUrl(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  return start < 0 ? '/' : url.slice(start)
}

function quoted(path: string): string {
  return JSON.stringify(path.length > 60 ? `${path.slice(0, 60)}…` : path)
}
