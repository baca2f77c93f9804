import { Hono } from 'hono'
import type { Context } from 'hono'
import { ExactPathRouter } from './lib/exact-router.ts'
import type { StepStore } from '../src/store/step-store.ts'
import { StoreUnavailable } from '../src/store/step-store.ts'
import { parseField } from './lib/params.ts'
import { HttpError } from './lib/http-error.ts'
import { wantsJson } from './lib/negotiate.ts'
import { noRoute } from './lib/route-table.ts'
import { responder } from './lib/respond.ts'
import { timingHeaders } from './lib/timing.ts'
import { bodyLimitCheck } from './lib/limit-body.ts'
import { characterCount, checkTextType, decodeUtf8 } from './lib/text-body.ts'
import { bodyReceived, readBody } from './lib/body-received.ts'
import { createFaultLog } from './lib/fault-log.ts'
import { hostProblem } from './lib/host-header.ts'
import { CONNECT_REFUSED, pathOfUrl, targetProblem } from './lib/request-target.ts'

/** Largest body any route accepts (docs/api.md). */
export const MAX_BODY_BYTES = 64 * 1024

export interface AppOptions {
  store: StepStore
  /** Which runtime serves the app, reported by /health: "node", "deno", "bun", "workerd", "lambda". */
  runtime: string
  /** Where unexpected faults are logged: one rate-limited line each by default (lib/fault-log.ts). */
  logError?: (message: string, cause: unknown) => void
  /**
   * Refuse a missing or malformed Host with 400 before routing (lib/host-header.ts).
   * For entries whose runtime builds the URL from Host (Deno, Bun, workerd);
   * Node's server checks Host itself, Lambda's events come from AWS.
   */
  checkHost?: boolean
  /**
   * Refuse a path that would be routed as another one (lib/request-target.ts)
   * before routing. On by default; off only behind Node's guard, which applies
   * the same rule to the raw target before @hono/node-server builds the URL.
   */
  checkTarget?: boolean
}

type Handler = (c: Context, started: number) => Response | Promise<Response>

/**
 * The step-counter service, runtime-free: Web-standard APIs and hono only.
 * Each entry file (node.ts, deno.ts, ...) builds a store and hands it in.
 *
 * Every route is a single handler (no middleware), so hono takes its fast
 * path (no compose chain); `route()` gives each the start time for
 * Server-Timing and turns thrown input errors into their JSON answers.
 */
export function createApp({ store, runtime, logError = defaultLog(), checkHost = false, checkTarget = true }: AppOptions): Hono {
  const app = new Hono({ router: new ExactPathRouter() })
  const reply = responder(timingHeaders())
  const checkBody = bodyLimitCheck(MAX_BODY_BYTES)

  function failure(c: Context, err: unknown, started: number): Response {
    if (err instanceof HttpError) return reply.error(started, err)
    // The store already logged the outage once; a log line per request would flood under load.
    if (err instanceof StoreUnavailable) {
      return reply.error(started, new HttpError(503, 'the database is unavailable; retry later', undefined, { 'retry-after': String(err.retryAfterSeconds) }))
    }
    logError(`${c.req.method} ${c.req.path} failed`, err)
    return reply.error(started, new HttpError(500, 'internal error'))
  }

  // Synchronous handlers stay synchronous: @hono/node-server writes a
  // synchronous response at once, without a promise or a close listener.
  const route = (handler: Handler) => (c: Context): Response | Promise<Response> => {
    const started = performance.now()
    try {
      const res = handler(c, started)
      return res instanceof Promise ? res.catch((err: unknown) => failure(c, err, started)) : res
    } catch (err) {
      return failure(c, err, started)
    }
  }

  const unknownUser = (started: number, userId: number) => reply.error(started, new HttpError(404, `userId ${userId} has no records`, 'userId'))

  app.get('/myresource', route((c, t) => reply.answer(t, json(c), 'Got it!', { message: 'Got it!' })))

  app.post('/myresource', route(async (c, t) => {
    await checkBody(c)
    checkTextType(c.req.header('content-type'))
    const length = characterCount(decodeUtf8(await readBody(c)))
    return reply.answer(t, json(c), String(length), { length })
  }))

  app.get('/health', route((_c, t) => reply.json(t, { status: 'ok', runtime, store: store.engine ?? store.name })))

  app.get('/current/:userId', route((c, t) => {
    const userId = parseField('userId', c.req.param('userId'))
    return then(store.current(userId), (steps) =>
      steps === undefined ? unknownUser(t, userId) : reply.answer(t, json(c), String(steps), { userId, steps }))
  }))

  app.get('/single/:userId/:day', route((c, t) => {
    const userId = parseField('userId', c.req.param('userId'))
    const day = parseField('day', c.req.param('day'))
    return then(store.day(userId, day), (steps) =>
      steps === undefined ? unknownUser(t, userId) : reply.answer(t, json(c), String(steps), { userId, day, steps }))
  }))

  app.get('/range/:userId/:startDay/:numDays', route((c, t) => {
    const userId = parseField('userId', c.req.param('userId'))
    const startDay = parseField('startDay', c.req.param('startDay'))
    const numDays = parseField('numDays', c.req.param('numDays'))
    return then(store.range(userId, startDay, numDays), (totals) =>
      totals === undefined ? unknownUser(t, userId) : reply.json(t, totals))
  }))

  app.post('/:userId/:day/:interval/:steps', route((c, t) =>
    then(checkBody(c), () => {
      const userId = parseField('userId', c.req.param('userId'))
      const day = parseField('day', c.req.param('day'))
      const interval = parseField('interval', c.req.param('interval'))
      const steps = parseField('steps', c.req.param('steps'))
      // Only once the whole body is in: a request cut short is refused, not recorded.
      return then(bodyReceived(c), () =>
        then(store.record(userId, day, interval, steps), () => reply.answer(t, json(c), 'OK', { userId, day, interval, steps })))
    })))

  app.notFound((c) => {
    const started = performance.now()
    return reply.error(started, noRoute(c.req.method, c.req.path))
  })

  // Faults outside a route (hono itself); route errors are answered in route().
  app.onError((err, c) => failure(c, err, performance.now()))

  if (checkHost || checkTarget) {
    // Wraps fetch rather than adding a middleware, so routes keep hono's fast path.
    const dispatch = app.fetch
    app.fetch = (request, env, ctx) => {
      const problem = (checkHost ? hostProblem(request.headers.get('host')) : undefined) ??
        (checkTarget ? (request.method === 'CONNECT' ? CONNECT_REFUSED : targetProblem(pathOfUrl(request.url))) : undefined)
      return problem ? reply.error(performance.now(), problem) : dispatch(request, env, ctx)
    }
  }

  return app
}

/** Goes on with a store's answer now, or once its promise resolves (see StepStore). */
function then<T>(value: T | Promise<T>, next: (value: T) => Response | Promise<Response>): Response | Promise<Response> {
  return value instanceof Promise ? value.then(next) : next(value)
}

function json(c: Context): boolean {
  const node = nodeHeaders(c)
  return wantsJson(node ? node.accept : c.req.header('accept'))
}

/**
 * On @hono/node-server, `c.env.incoming` is node:http's request, whose headers
 * are already parsed: reading Accept there skips building hono's request and
 * a Headers lookup (about 1 us of the 5 us a GET /myresource costs the app).
 * A request without Accept (wrk sends none) has none there either, and must
 * not fall back to the Web Request: that undid the saving for such requests.
 * Other runtimes read it through the Web Request.
 */
function nodeHeaders(c: Context): { accept?: string } | undefined {
  const env = c.env as { incoming?: { headers?: { accept?: string } } } | undefined
  return env?.incoming?.headers
}

function defaultLog(): (message: string, cause: unknown) => void {
  const log = createFaultLog()
  return (message, cause) => log.server(message, cause)
}
