/**
 * What API Gateway's HTTP API makes of a function's result (payload format
 * 2.0): an object with `statusCode` is the answer (headers, `cookies` as
 * Set-Cookie lines, body, `isBase64Encoded`); any other valid JSON is a 200
 * `application/json` answer whose body is that JSON; anything else (no JSON, a
 * statusCode outside 200-599 (an interim 1xx cannot be a final answer), a header or body of the wrong type) is malformed,
 * which the gateway answers 502 (gateway-answers.ts).
 */

export interface GatewayAnswer {
  status: number
  headers: [string, string][]
  body: Uint8Array
}

/** Headers the gateway sets or drops itself rather than passing on from the function. */
const NOT_PASSED = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'trailer', 'proxy-connection'])

export type MappedResult = { answer: GatewayAnswer } | { malformed: string }

export function answerFromResult(payload: string): MappedResult {
  let result: unknown
  try {
    result = JSON.parse(payload)
  } catch {
    return { malformed: 'the function returned no JSON' }
  }
  if (!isObject(result) || !('statusCode' in result)) {
    return { answer: { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(payload, 'utf8') } }
  }
  const { statusCode, headers = {}, cookies = [], body = '', isBase64Encoded = false } = result
  if (!Number.isInteger(statusCode) || (statusCode as number) < 200 || (statusCode as number) > 599) return { malformed: `statusCode ${JSON.stringify(statusCode)} is not an HTTP status` }
  if (!isObject(headers) || !Object.values(headers).every(isScalar)) return { malformed: 'headers is not an object of strings' }
  if (!Array.isArray(cookies) || !cookies.every((c) => typeof c === 'string')) return { malformed: 'cookies is not an array of strings' }
  if (typeof body !== 'string') return { malformed: 'body is not a string' }
  if (typeof isBase64Encoded !== 'boolean') return { malformed: 'isBase64Encoded is not a boolean' }
  const lines: [string, string][] = []
  for (const [name, value] of Object.entries(headers)) if (!NOT_PASSED.has(name.toLowerCase())) lines.push([name, String(value)])
  for (const cookie of cookies as string[]) lines.push(['set-cookie', cookie])
  return { answer: { status: statusCode as number, headers: lines, body: Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8') } }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}
