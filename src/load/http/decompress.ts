/**
 * Decodes a body per its `Content-Encoding` (gzip, deflate, br; several applied in order), only
 * when a scenario reads it (response.ts): a body that is discarded or never read is never
 * inflated, and the bytes counted as received are always those on the wire.
 */
import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib'

/**
 * Largest decoded body: a small compressed body can expand a thousandfold (a 1 MiB gzip of zeros
 * is 1 GiB), and a decoded body is held whole in memory. Past this, reading the body is a
 * BodyDecodeError (counted like any iteration error) instead of gigabytes and a blocked thread.
 */
export const MAX_DECODED_BYTES = 64 * 1024 * 1024

export class BodyDecodeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BodyDecodeError'
  }
}

/** `encoding`: the header's value ('' or 'identity': the body as is). */
export function decodeBody(body: Buffer, encoding: string): Buffer {
  if (encoding === '' || body.length === 0) return body
  // Codings are listed in the order they were applied: undo the last first.
  const codings = encoding.toLowerCase().split(',').map((c) => c.trim()).filter((c) => c !== '' && c !== 'identity')
  let decoded = body
  for (let i = codings.length - 1; i >= 0; i--) decoded = decodeOne(decoded, codings[i]!)
  return decoded
}

const CAPPED = { maxOutputLength: MAX_DECODED_BYTES }

function decodeOne(body: Buffer, coding: string): Buffer {
  try {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        // Z_SYNC_FLUSH: a body cut short still yields what arrived, as browsers show it.
        return gunzipSync(body, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_DECODED_BYTES })
      case 'deflate':
        // "deflate" is meant to be zlib-wrapped; some servers send raw deflate, which browsers accept too.
        return (body[0]! & 0x0f) === 8 && ((body[0]! << 8) | body[1]!) % 31 === 0 ? inflateSync(body, CAPPED) : inflateRawSync(body, CAPPED)
      case 'br':
        return brotliDecompressSync(body, CAPPED)
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyDecodeError(`the ${coding} body decodes to more than ${MAX_DECODED_BYTES / 1024 / 1024} MiB (${body.length} bytes on the wire): not decoded`)
    }
    throw new BodyDecodeError(`the body is not valid ${coding} (Content-Encoding: ${coding}): ${(error as Error).message}`)
  }
  throw new BodyDecodeError(`Content-Encoding ${JSON.stringify(coding)} cannot be decoded: gzip, deflate and br can`)
}
