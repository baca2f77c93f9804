/** Most of an unread body the Worker entry reads before answering; beyond it the client may see a reset. */
export const DRAIN_LIMIT_BYTES = 1024 * 1024

/**
 * Reads and discards what is left of a request body the app answered without
 * reading (a 413 refuses on Content-Length alone, a 404 ignores the body).
 * workerd closes a connection whose request body is unread, and a client still
 * sending gets ECONNRESET instead of the answer; Node, Deno and Bun drain the
 * body themselves. Bounded, so a huge upload is not read to the end.
 */
export async function drainUnreadBody(request: Request, limit = DRAIN_LIMIT_BYTES): Promise<void> {
  if (!request.body || request.bodyUsed) return
  // A declared body beyond the bound is not waited for: with Content-Length
  // 10^12 and a few bytes sent, the answer (a 413) would never go out.
  if (Number(request.headers.get('content-length') ?? 0) > limit) return
  const reader = request.body.getReader()
  let seen = 0
  try {
    while (seen <= limit) {
      const { done, value } = await reader.read()
      if (done) return
      seen += value.byteLength
    }
    await reader.cancel()
  } catch {
    // The client went away; there is nobody left to answer cleanly.
  }
}
