/**
 * The baseline for the handler: plain node:http doing the same work as the
 * Hono app on the benchmarked routes — the same store, the same parameter
 * rules, the same Accept negotiation, the same headers (Content-Type,
 * Server-Timing, X-Cold-Start, Content-Length) and body — with nothing but a
 * hand-written router in between. What Hono costs is the difference.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { StepStore } from '../../src/store/step-store.ts'
import { BadInput } from '../../handler/lib/http-error.ts'
import { parseField } from '../../handler/lib/params.ts'
import { wantsJson } from '../../handler/lib/negotiate.ts'
import { millis } from '../../handler/lib/timing.ts'

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

export function rawHandler(store: StepStore): RequestListener {
  let cold = true

  function send(res: ServerResponse, status: number, started: number, json: boolean, text: string, data: unknown): void {
    const body = json ? JSON.stringify(data) : text
    const headers: Record<string, string> = {
      'Content-Type': json ? 'application/json' : 'text/plain; charset=UTF-8',
      'Server-Timing': `app;dur=${millis(performance.now() - started)}`,
      'Content-Length': String(Buffer.byteLength(body)),
    }
    if (cold) {
      cold = false
      headers['X-Cold-Start'] = '1'
    }
    res.writeHead(status, headers).end(body)
  }

  async function route(req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    const url = req.url ?? '/'
    const path = url.includes('?') ? url.slice(0, url.indexOf('?')) : url
    const parts = path.split('/')
    const json = wantsJson(req.headers.accept)
    if (req.method === 'GET' && path === '/myresource') return send(res, 200, started, json, 'Got it!', { message: 'Got it!' })
    if (req.method === 'GET' && parts.length === 3 && parts[1] === 'current') {
      const userId = parseField('userId', parts[2])
      const steps = await store.current(userId)
      if (steps === undefined) return send(res, 404, started, true, '', { error: `userId ${userId} has no records`, field: 'userId' })
      return send(res, 200, started, json, String(steps), { userId, steps })
    }
    if (req.method === 'POST' && parts.length === 5) {
      const userId = parseField('userId', parts[1])
      const day = parseField('day', parts[2])
      const interval = parseField('interval', parts[3])
      const steps = parseField('steps', parts[4])
      await store.record(userId, day, interval, steps)
      return send(res, 200, started, json, 'OK', { userId, day, interval, steps })
    }
    send(res, 404, started, true, '', { error: `no route for ${req.method} ${path}` })
  }

  return (req, res) => {
    const started = performance.now()
    req.resume() // the routes take no body; drain it as Hono would
    route(req, res, started).catch((err: unknown) => {
      if (err instanceof BadInput) return send(res, 400, started, true, '', { error: err.message, field: err.field })
      send(res, 500, started, true, '', { error: 'internal error' })
    })
  }
}
