import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { BadInput, CLOSE, HttpError } from './http-error.ts'

/**
 * A body over the limit: 413, and the connection is closed after it, since
 * the rest of the body was not read (on Node a half-read chunked body left the
 * next request on the connection unanswered: docs/api.md, "Hostile input").
 */
export class BodyTooLarge extends HttpError {
  constructor(maxSize: number) {
    super(413, `body is larger than ${maxSize} bytes (${maxSize / 1024} KiB)`, 'body', CLOSE)
  }
}

/**
 * Refuses bodies over `maxSize`. A Content-Length without Transfer-Encoding
 * decides from the header alone, as hono's bodyLimit does too; but hono's
 * first reads `c.req.raw.body`, which on @hono/node-server turns the
 * lightweight request into a full Request (AbortController, web stream over
 * the socket): about 100 us of CPU per POST. Other requests (chunked, or a
 * stream without a length) are counted by hono's bodyLimit as they arrive.
 * Decided from the headers, the check is synchronous (undefined); else a promise.
 * A streamed body that breaks while being counted is the client's fault (400).
 */
export function bodyLimitCheck(maxSize: number): (c: Context) => void | Promise<void> {
  const streaming = bodyLimit({ maxSize, onError: () => { throw new BodyTooLarge(maxSize) } })
  const done = async () => {}
  return (c) => {
    if (c.req.header('transfer-encoding') === undefined) {
      const length = c.req.header('content-length')
      if (length !== undefined && /^\d+$/.test(length)) {
        if (Number(length) > maxSize) throw new BodyTooLarge(maxSize)
        return undefined
      }
    }
    return (streaming(c, done) as Promise<void>).catch(bodyReadFailed)
  }
}

/**
 * A body that cannot be read to its end (shorter than its Content-Length and
 * then closed, broken chunk framing, an oversized chunk extension) is the
 * client's fault: 400 naming `body`, never a 500 (docs/api.md, "Hostile input").
 */
export function bodyReadFailed(err: unknown): never {
  if (err instanceof HttpError) throw err
  throw new BadInput('body', 'body could not be read to its end: shorter than its Content-Length or malformed chunked framing')
}
