import type { HttpError } from './http-error.ts'
import type { TimingHeaders } from './timing.ts'

const TEXT = 'text/plain; charset=UTF-8'
const JSON_TYPE = 'application/json'

/** Builds every response of one app: body, status and plain-object headers with the timing. */
export interface Responder {
  /** A success: the plain-text default, or JSON when the client asked for it. */
  answer(started: number, json: boolean, text: string, data: unknown): Response
  /** Any JSON body (e.g. /range, /health). */
  json(started: number, data: unknown, status?: number, extra?: Record<string, string>): Response
  /** Every answer that is not a success: the error's JSON `{ error, field? }` and headers (docs/api.md). */
  error(started: number, error: HttpError): Response
}

export function responder(timing: TimingHeaders): Responder {
  const send = (started: number, status: number, body: string, type: string, extra?: Record<string, string>) =>
    new Response(body, { status, headers: extra ? { ...timing(started, type), ...extra } : timing(started, type) })
  const json: Responder['json'] = (started, data, status = 200, extra) => send(started, status, JSON.stringify(data), JSON_TYPE, extra)
  return {
    answer: (started, asJson, text, data) => (asJson ? json(started, data) : send(started, 200, text, TEXT)),
    json,
    error: (started, error) => send(started, error.status, error.body(), JSON_TYPE, error.headers),
  }
}
