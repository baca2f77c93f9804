/**
 * The API Gateway HTTP API in front of the local Lambda, as a fetch function
 * for handler/serve-node.ts (Node's parser and the request guard run first, so
 * hostile input is refused as on the Node entry). Per request: the template's
 * route (`ANY /{proxy+}`, so `/` has none), the 10 MB payload limit, an
 * environment from the pool or 429 at the concurrency limit, the payload 2.0
 * event, and the function's result turned into the answer: 502 for a function
 * error or a malformed result, 504 at the timeout. A cold start's answer
 * carries `X-Cold-Start: 1` and its init duration in `Server-Timing`.
 */
import type { IncomingMessage } from 'node:http'
import { randomUUID } from 'node:crypto'
import type { FaultLog } from '../../handler/lib/fault-log.ts'
import type { EnvironmentPool } from './environment-pool.ts'
import { httpApiEvent } from './http-api-event.ts'
import { answerFromResult } from './http-api-result.ts'
import type { GatewayAnswer } from './http-api-result.ts'

/** API Gateway's payload limit for HTTP APIs. */
export const PAYLOAD_LIMIT = 10 * 1024 * 1024

export interface GatewayOptions {
  pool: EnvironmentPool
  timeoutMs: number
  log: FaultLog
}

type NodeEnv = { incoming?: IncomingMessage }

export function gatewayFetch({ pool, timeoutMs, log }: GatewayOptions): (request: Request, env?: unknown) => Promise<Response> {
  return async (request, env) => {
    const requestId = randomUUID()
    const incoming = (env as NodeEnv | undefined)?.incoming
    const target = rawTarget(request, incoming)
    if (target === '/' || target.startsWith('/?')) return message(404, 'Not Found', requestId)
    const body = await readBody(request)
    if (body === 'too large') return message(413, 'Request Entity Too Large', requestId, true)
    const acquired = pool.acquire()
    if (!acquired) return message(429, 'Too Many Requests', requestId)
    const { env: environment, cold } = acquired
    const event = httpApiEvent({ method: request.method, target, headers: headerLines(incoming, request), body, sourceIp: incoming?.socket.remoteAddress ?? '127.0.0.1', requestId, now: Date.now() })
    const outcome = await environment.invoke(event, timeoutMs).catch((error: Error) => ({ ok: false as const, failure: 'crash' as const, detail: error.message }))
    pool.release(environment, outcome.ok ? 'ok' : outcome.failure === 'timeout' ? 'timeout' : 'error')
    const initMs = cold ? environment.initMs : undefined
    if (initMs !== undefined) pool.noteInit(initMs)
    let answer: GatewayAnswer
    if (!outcome.ok) {
      log.client(`lambda-${outcome.failure}`, `local Lambda: environment ${environment.id}: ${outcome.detail}`)
      answer = outcome.failure === 'timeout' ? messageAnswer(504, 'Gateway Timeout') : messageAnswer(502, 'Internal Server Error')
    } else {
      const mapped = answerFromResult(outcome.payload)
      if ('malformed' in mapped) log.client('lambda-malformed', `local Lambda: environment ${environment.id}: malformed result: ${mapped.malformed}`)
      answer = 'malformed' in mapped ? messageAnswer(502, 'Internal Server Error') : mapped.answer
    }
    return toResponse(answer, requestId, cold ? initMs ?? -1 : undefined)
  }
}

/** The target as sent (the Request's URL is normalised); an absolute-form target gives its path. */
function rawTarget(request: Request, incoming: IncomingMessage | undefined): string {
  const raw = incoming?.url
  if (raw?.startsWith('/')) return raw
  const url = new URL(request.url)
  return url.pathname + url.search
}

function headerLines(incoming: IncomingMessage | undefined, request: Request): [string, string][] {
  if (!incoming) return [...request.headers]
  const lines: [string, string][] = []
  const raw = incoming.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) lines.push([raw[i]!, raw[i + 1]!])
  return lines
}

/** The whole body, as API Gateway buffers it, or 'too large' past the payload limit. */
async function readBody(request: Request): Promise<Uint8Array | 'too large'> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > PAYLOAD_LIMIT) return 'too large'
  if (!request.body) return new Uint8Array(0)
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length
    if (size > PAYLOAD_LIMIT) return 'too large'
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

function messageAnswer(status: number, text: string): GatewayAnswer {
  return { status, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify({ message: text })) }
}

function message(status: number, text: string, requestId: string, close = false): Response {
  const answer = messageAnswer(status, text)
  if (close) answer.headers.push(['connection', 'close'])
  return toResponse(answer, requestId, undefined)
}

/** Statuses whose answers have no body (fetch's Response refuses one). */
const NO_BODY = new Set([204, 205, 304])

/** `initMs`: undefined when warm, -1 for a cold start whose init did not finish. */
function toResponse(answer: GatewayAnswer, requestId: string, initMs: number | undefined): Response {
  const headers = new Headers()
  for (const [name, value] of answer.headers) headers.append(name, value)
  headers.set('apigw-requestid', requestId)
  if (initMs !== undefined) {
    headers.set('x-cold-start', '1')
    if (initMs >= 0) headers.set('server-timing', [headers.get('server-timing'), `init;dur=${initMs.toFixed(3)}`].filter(Boolean).join(', '))
  }
  return new Response(NO_BODY.has(answer.status) ? null : (answer.body as BodyInit), { status: answer.status, headers })
}
