import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { BadInput } from './params.ts'

/** Thrown for a body over the limit; the app answers 413. */
export class BodyTooLarge extends Error {}

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
  const streaming = bodyLimit({ maxSize, onError: () => { throw new BodyTooLarge() } })
  const done = async () => {}
  return (c) => {
    if (c.req.header('transfer-encoding') === undefined) {
      const length = c.req.header('content-length')
      if (length !== undefined && /^\d+$/.test(length)) {
        if (Number(length) > maxSize) throw new BodyTooLarge()
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
  if (err instanceof BodyTooLarge || err instanceof BadInput) throw err
  throw new BadInput('body', 'body could not be read to its end: shorter than its Content-Length or malformed chunked framing')
}
