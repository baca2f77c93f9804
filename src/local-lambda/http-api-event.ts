/**
 * The event API Gateway's HTTP API sends a Lambda integration (payload format
 * 2.0) for one request on template.yaml's route `ANY /{proxy+}`, stage
 * `$default`: lower-cased headers with repeats joined by commas, the Cookie
 * header moved to `cookies`, the raw path and query as sent, decoded query
 * values joined by commas, and the body as text for textual media types (when
 * it is UTF-8), base64 otherwise (test/fixtures/lambda/http-api-v2.json is a real one).
 */
import { decodeOrRaw } from '../../handler/lib/decode-or-raw.ts'

/** Media types the HTTP API passes as text; every other body goes base64 with `isBase64Encoded`. */
export const HTTP_API_TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)\b)/i

export const ROUTE_KEY = 'ANY /{proxy+}'

export interface GatewayRequest {
  method: string
  /** The request target as the client sent it: path and query, percent-encoding kept. */
  target: string
  /** Header lines in order, names as sent. */
  headers: [string, string][]
  body: Uint8Array
  sourceIp: string
  requestId: string
  /** Milliseconds since the epoch. */
  now: number
}

export type HttpApiEvent = Record<string, unknown> & { rawPath: string; headers: Record<string, string> }

export function httpApiEvent(request: GatewayRequest): HttpApiEvent {
  const at = request.target.indexOf('?')
  const rawPath = at < 0 ? request.target : request.target.slice(0, at)
  const rawQueryString = at < 0 ? '' : request.target.slice(at + 1)
  // No prototype: a header or query name such as `constructor` or `__proto__` is a name like any other.
  const headers: Record<string, string> = Object.create(null)
  const cookies: string[] = []
  for (const [name, value] of request.headers) {
    const key = name.toLowerCase()
    if (key === 'cookie') cookies.push(...value.split(';').map((c) => c.trim()).filter(Boolean))
    else headers[key] = key in headers ? `${headers[key]},${value}` : value
  }
  headers['x-forwarded-for'] = request.sourceIp
  headers['x-forwarded-proto'] = 'http'
  const host = headers.host ?? 'localhost'
  const query: Record<string, string> = Object.create(null)
  for (const [name, value] of new URLSearchParams(rawQueryString)) query[name] = name in query ? `${query[name]},${value}` : value
  const text = HTTP_API_TEXT_TYPES.test(headers['content-type'] ?? '') ? utf8(request.body) : undefined
  const event: HttpApiEvent = {
    version: '2.0',
    routeKey: ROUTE_KEY,
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(rawQueryString ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: { method: request.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: request.sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: request.requestId,
      routeKey: ROUTE_KEY,
      stage: '$default',
      time: clfTime(request.now),
      timeEpoch: request.now,
    },
    pathParameters: { proxy: decodeOrRaw(rawPath.slice(1)) },
    isBase64Encoded: request.body.length > 0 && text === undefined,
  }
  if (request.body.length > 0) event.body = text ?? Buffer.from(request.body).toString('base64')
  return event
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true })

/** The body as text, or undefined when it is not UTF-8: then it goes base64, so no byte is lost. */
function utf8(body: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(body)
  } catch {
    return undefined
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `10/Mar/2020:05:16:23 +0000`, the form of requestContext.time. */
function clfTime(ms: number): string {
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
}
