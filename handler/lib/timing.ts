/**
 * `Server-Timing: app;dur=<ms>` on every response, and `X-Cold-Start: 1` on
 * the first response of this app instance (one app per process, isolate or
 * Lambda container). Built as plain header objects: on @hono/node-server a
 * plain object goes straight to writeHead, while headers added to a finished
 * response (a middleware after `next()`) cost a Headers object per request.
 */
export type TimingHeaders = (started: number, contentType: string) => Record<string, string>

export function timingHeaders(): TimingHeaders {
  let cold = true
  return (started, contentType) => {
    const headers: Record<string, string> = {
      'content-type': contentType,
      'server-timing': `app;dur=${(performance.now() - started).toFixed(3)}`,
    }
    if (cold) {
      cold = false
      headers['x-cold-start'] = '1'
    }
    return headers
  }
}
