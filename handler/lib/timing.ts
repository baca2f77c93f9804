import type { MiddlewareHandler } from 'hono'

/**
 * Adds `Server-Timing: app;dur=<ms>` to every response, and `X-Cold-Start: 1`
 * to the first one this app instance serves. One app is created per process,
 * isolate or Lambda container, so "first of this app" is "first of the instance".
 */
export function serverTiming(): MiddlewareHandler {
  let cold = true
  return async (c, next) => {
    const started = performance.now()
    await next()
    const headers = c.res.headers
    headers.set('Server-Timing', `app;dur=${(performance.now() - started).toFixed(3)}`)
    if (cold) {
      cold = false
      headers.set('X-Cold-Start', '1')
    }
  }
}
