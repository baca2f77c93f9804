/**
 * The request line and headers the load client writes, as one latin1 string: built per request
 * from the path and the run's shared header list, with `host` and `content-length` added unless
 * the scenario set them. Paths and methods are checked here, header lists where they are built
 * (header-lists.ts), so nothing a scenario passes can split the request.
 */

/** Methods whose requests carry a body: without one they still say `content-length: 0`, as undici does. */
const PAYLOAD_METHODS = new Set(['POST', 'PUT', 'PATCH'])
const STANDARD_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
/** A request target is visible ASCII or latin1, no spaces or controls (what undici allows too). */
const INVALID_PATH = /[^\u0021-\u00ff]/

export function requestHead(method: string, path: string, host: string, headers: readonly string[], bodyLength: number): string {
  checkRequestTarget(method, path)
  let lines = ''
  let hasHost = false
  let hasLength = false
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = headers[i]!
    if (name.length === 4 && name.toLowerCase() === 'host') hasHost = true
    else if (name.length === 14 && name.toLowerCase() === 'content-length') hasLength = true
    lines += `${name}: ${headers[i + 1]}\r\n`
  }
  if (!hasLength && (bodyLength > 0 || PAYLOAD_METHODS.has(method))) lines += `content-length: ${bodyLength}\r\n`
  return hasHost ? `${method} ${path} HTTP/1.1\r\n${lines}\r\n` : `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n${lines}\r\n`
}

/** Throws on a method or path that could not be sent as is (HTTP/2 sends them as pseudo-headers, by the same rule). */
export function checkRequestTarget(method: string, path: string): void {
  if (!STANDARD_METHODS.has(method) && !TOKEN.test(method)) throw new TypeError(`invalid request method ${JSON.stringify(method)}`)
  if (INVALID_PATH.test(path)) throw new TypeError(`invalid request path ${JSON.stringify(path.slice(0, 80))}`)
}

const INVALID_VALUE = /[\0\r\n]/

/** Throws on a header that could not be sent as is (the same rule for every request). */
export function checkHeader(name: string, value: string): void {
  if (!TOKEN.test(name)) throw new TypeError(`invalid header name ${JSON.stringify(name)}`)
  if (INVALID_VALUE.test(value)) throw new TypeError(`invalid value for header ${name}: it holds a line break or NUL`)
}
