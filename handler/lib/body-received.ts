import type { Context } from 'hono'
import { bodyReadFailed } from './limit-body.ts'

/** The whole body; a read that fails is a 400 naming `body` (see bodyReadFailed). */
export async function readBody(c: Context): Promise<ArrayBuffer> {
  try {
    return await c.req.arrayBuffer()
  } catch (err) {
    bodyReadFailed(err)
  }
}

/**
 * Waits until a declared body has fully arrived, so that a request whose body
 * is cut is refused instead of acted on (docs/api.md, "Hostile input": a step POST with
 * Content-Length 100 and 3 bytes sent was recorded). Synchronous (undefined)
 * when there is nothing to wait for: no body declared, or a chunked body that
 * bodyLimitCheck has already read.
 */
export function bodyReceived(c: Context): void | Promise<void> {
  if (c.req.header('transfer-encoding') !== undefined) return undefined
  const length = c.req.header('content-length')
  if (length === undefined || length === '0') return undefined
  return readBody(c).then(() => undefined)
}
