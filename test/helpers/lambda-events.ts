import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { HTTP_API_TEXT_TYPES as TEXTUAL } from '../../src/local-lambda/http-api-event.ts'

/** The event sources hono/aws-lambda accepts; each has a fixture in test/fixtures/lambda/. */
export const LAMBDA_SOURCES = ['apigw-rest-v1', 'http-api-v2', 'alb', 'function-url'] as const
export type LambdaSource = (typeof LAMBDA_SOURCES)[number]

export interface LambdaRequest {
  method: string
  /** Path as the client sent it, percent-encoding kept, optionally with ?query. */
  path: string
  headers?: Record<string, string>
  body?: string | Uint8Array
  /** Deliver a text body base64-encoded, as REST APIs do for binary media types. */
  base64?: boolean
}

type Json = Record<string, any>

const fixture = (source: LambdaSource): Json =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/lambda/${source}.json`, import.meta.url)), 'utf8'))


/** Builds the event `source` would deliver for `request`; `seq` makes its request id unique. */
export function lambdaEvent(source: LambdaSource, request: LambdaRequest, seq: number): Json {
  const event = fixture(source)
  const parts = splitTarget(request.path)
  const body = encodeBody(source, request)
  const build = { 'apigw-rest-v1': restEvent, 'http-api-v2': httpApiEvent, alb: albEvent, 'function-url': functionUrlEvent }[source]
  return build(event, request, parts, body, seq)
}

interface Target {
  pathname: string
  /** Raw query string as sent, '' when none. */
  rawQuery: string
  /** Decoded name/value pairs, in order. */
  pairs: [string, string][]
}

function splitTarget(path: string): Target {
  const at = path.indexOf('?')
  const pathname = at < 0 ? path : path.slice(0, at)
  const rawQuery = at < 0 ? '' : path.slice(at + 1)
  return { pathname, rawQuery, pairs: [...new URLSearchParams(rawQuery)] }
}

interface EncodedBody {
  text: string | undefined
  isBase64Encoded: boolean
  bytes: number
}

function encodeBody(source: LambdaSource, request: LambdaRequest): EncodedBody {
  const { body } = request
  if (body === undefined || body.length === 0) return { text: undefined, isBase64Encoded: false, bytes: 0 }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body)
  const contentType = headerValue(request.headers, 'content-type') ?? ''
  const passAsText = typeof body === 'string' && !request.base64 && (source === 'apigw-rest-v1' || TEXTUAL.test(contentType))
  return passAsText
    ? { text: body as string, isBase64Encoded: false, bytes: bytes.length }
    : { text: bytes.toString('base64'), isBase64Encoded: true, bytes: bytes.length }
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  return Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1]
}

/** The fixture's headers with the request's on top (one spelling per name); lower-cased unless kept. */
function mergeHeaders(base: Record<string, string>, extra: Record<string, string> = {}, lowerCase: boolean): Record<string, string> {
  const merged: Record<string, string> = {}
  const names = new Set(Object.keys(extra).map((k) => k.toLowerCase()))
  for (const [key, value] of Object.entries(base)) if (!names.has(key.toLowerCase())) merged[lowerCase ? key.toLowerCase() : key] = value
  for (const [key, value] of Object.entries(extra)) merged[lowerCase ? key.toLowerCase() : key] = value
  return merged
}

function lastValues(pairs: [string, string][]): Record<string, string> {
  return Object.fromEntries(pairs)
}

function proxyParameter(pathname: string): string {
  try {
    return decodeURIComponent(pathname.slice(1))
  } catch {
    return pathname.slice(1)
  }
}

function restEvent(event: Json, request: LambdaRequest, target: Target, body: EncodedBody, seq: number): Json {
  const headers = mergeHeaders(event.headers, request.headers, false)
  if (body.bytes) headers['Content-Length'] = String(body.bytes)
  const multi: Record<string, string[]> = {}
  for (const [name, value] of target.pairs) (multi[name] ??= []).push(value)
  Object.assign(event, {
    path: target.pathname,
    httpMethod: request.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: target.pairs.length ? lastValues(target.pairs) : null,
    multiValueQueryStringParameters: target.pairs.length ? multi : null,
    pathParameters: { proxy: proxyParameter(target.pathname) },
    body: body.text ?? null,
    isBase64Encoded: body.isBase64Encoded,
  })
  Object.assign(event.requestContext, {
    httpMethod: request.method,
    path: `/${event.requestContext.stage}${target.pathname}`,
    requestId: `rest-${seq}`,
  })
  return event
}

function v2Event(event: Json, request: LambdaRequest, target: Target, body: EncodedBody, seq: number): Json {
  const headers = mergeHeaders(event.headers, request.headers, true)
  headers['content-length'] = String(body.bytes)
  const joined: Record<string, string> = {}
  for (const [name, value] of target.pairs) joined[name] = name in joined ? `${joined[name]},${value}` : value
  Object.assign(event, { rawPath: target.pathname, rawQueryString: target.rawQuery, headers, isBase64Encoded: body.isBase64Encoded })
  if (target.pairs.length) event.queryStringParameters = joined
  if (body.text !== undefined) event.body = body.text
  Object.assign(event.requestContext.http, { method: request.method, path: target.pathname })
  event.requestContext.requestId = `v2-${seq}`
  return event
}

function httpApiEvent(event: Json, request: LambdaRequest, target: Target, body: EncodedBody, seq: number): Json {
  return { ...v2Event(event, request, target, body, seq), pathParameters: { proxy: proxyParameter(target.pathname) } }
}

function functionUrlEvent(event: Json, request: LambdaRequest, target: Target, body: EncodedBody, seq: number): Json {
  return v2Event(event, request, target, body, seq)
}

function albEvent(event: Json, request: LambdaRequest, target: Target, body: EncodedBody, _seq: number): Json {
  const headers = mergeHeaders(event.headers, request.headers, true)
  if (body.bytes) headers['content-length'] = String(body.bytes)
  // ALB passes query values as sent, without decoding them.
  const raw = target.rawQuery ? target.rawQuery.split('&').map((pair) => pair.split('=') as [string, string]) : []
  return Object.assign(event, {
    httpMethod: request.method,
    path: target.pathname,
    queryStringParameters: Object.fromEntries(raw.map(([k, v = '']) => [k, v])),
    headers,
    body: body.text ?? '',
    isBase64Encoded: body.isBase64Encoded,
  })
}

/** What a Lambda proxy integration returns; hono/aws-lambda fills one of the header maps. */
export interface LambdaResult {
  statusCode: number
  body: string
  isBase64Encoded: boolean
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  cookies?: string[]
}

/** The HTTP answer a client of that source would see. */
export function answerOf(result: LambdaResult): { status: number; headers: Headers; body: string } {
  const headers = new Headers()
  for (const [name, value] of Object.entries(result.headers ?? {})) headers.set(name, value)
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) for (const value of values) headers.append(name, value)
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body
  return { status: result.statusCode, headers, body }
}
