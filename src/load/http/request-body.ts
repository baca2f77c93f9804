/**
 * Turns what a scenario passes as a body into bytes and the content type they imply:
 * strings are text, bytes are binary, URLSearchParams a form (what k6 makes of an object body),
 * anything else is JSON.
 */
import type { RequestBody } from '../scenario.ts'

export type BodyType = 'none' | 'text' | 'binary' | 'json' | 'form'

export const CONTENT_TYPES: Record<Exclude<BodyType, 'none'>, string> = {
  text: 'text/plain;charset=UTF-8',
  binary: 'application/octet-stream',
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
}

export interface EncodedBody {
  type: BodyType
  bytes: Buffer | null
}

const NONE: EncodedBody = { type: 'none', bytes: null }

export function encodeBody(body: RequestBody): EncodedBody {
  if (body === undefined || body === null) return NONE
  if (typeof body === 'string') return { type: 'text', bytes: Buffer.from(body, 'utf8') }
  if (body instanceof Uint8Array) return { type: 'binary', bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength) }
  if (body instanceof ArrayBuffer) return { type: 'binary', bytes: Buffer.from(body) }
  if (body instanceof URLSearchParams) return { type: 'form', bytes: Buffer.from(body.toString(), 'utf8') }
  return { type: 'json', bytes: Buffer.from(JSON.stringify(body), 'utf8') }
}
