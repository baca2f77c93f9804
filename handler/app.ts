import { Hono } from 'hono'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { StepStore } from '../src/store/step-store.ts'
import { BadInput, parseField } from './lib/params.ts'
import { wantsJson } from './lib/negotiate.ts'
import { diagnose } from './lib/route-table.ts'
import { answer, errorJson } from './lib/respond.ts'
import { serverTiming } from './lib/timing.ts'
import { UnsupportedBody, characterCount, checkTextType, decodeUtf8 } from './lib/text-body.ts'

/** Largest body any route accepts (DESIGN section 3). */
export const MAX_BODY_BYTES = 64 * 1024

export interface AppOptions {
  store: StepStore
  /** Which runtime serves the app, reported by /health: "node", "deno", "bun", "workerd", "lambda". */
  runtime: string
  /** Where unexpected faults are logged; console.error by default. */
  logError?: (message: string, cause: unknown) => void
}

/**
 * The step-counter service, runtime-free: Web-standard APIs and hono only.
 * Each entry file (node.ts, deno.ts, ...) builds a store and hands it in.
 */
export function createApp({ store, runtime, logError = defaultLog }: AppOptions): Hono {
  const app = new Hono()
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => errorJson(c, 413, `body is larger than ${MAX_BODY_BYTES} bytes (64 KiB)`, 'body'),
  })

  app.use(serverTiming())

  app.get('/myresource', (c) => answer(c, json(c), 'Got it!', { message: 'Got it!' }))

  app.post('/myresource', limitBody, async (c) => {
    checkTextType(c.req.header('content-type'))
    const length = characterCount(decodeUtf8(await c.req.arrayBuffer()))
    return answer(c, json(c), String(length), { length })
  })

  app.get('/health', (c) => c.json({ status: 'ok', runtime, store: store.name }))

  app.get('/current/:userId', async (c) => {
    const userId = parseField('userId', c.req.param('userId'))
    const steps = await store.current(userId)
    if (steps === undefined) return unknownUser(c, userId)
    return answer(c, json(c), String(steps), { userId, steps })
  })

  app.get('/single/:userId/:day', async (c) => {
    const userId = parseField('userId', c.req.param('userId'))
    const day = parseField('day', c.req.param('day'))
    const steps = await store.day(userId, day)
    if (steps === undefined) return unknownUser(c, userId)
    return answer(c, json(c), String(steps), { userId, day, steps })
  })

  app.get('/range/:userId/:startDay/:numDays', async (c) => {
    const userId = parseField('userId', c.req.param('userId'))
    const startDay = parseField('startDay', c.req.param('startDay'))
    const numDays = parseField('numDays', c.req.param('numDays'))
    const totals = await store.range(userId, startDay, numDays)
    if (totals === undefined) return unknownUser(c, userId)
    return c.json(totals)
  })

  app.post('/:userId/:day/:interval/:steps', limitBody, async (c) => {
    const userId = parseField('userId', c.req.param('userId'))
    const day = parseField('day', c.req.param('day'))
    const interval = parseField('interval', c.req.param('interval'))
    const steps = parseField('steps', c.req.param('steps'))
    await store.record(userId, day, interval, steps)
    return answer(c, json(c), 'OK', { userId, day, interval, steps })
  })

  app.notFound((c) => {
    const found = diagnose(c.req.method, c.req.path)
    if (found.status === 405) c.header('Allow', found.allow)
    return errorJson(c, found.status, found.error, found.status === 400 ? found.field : undefined)
  })

  app.onError((err, c) => {
    if (err instanceof BadInput) return errorJson(c, 400, err.message, err.field)
    if (err instanceof UnsupportedBody) return errorJson(c, 415, err.message, 'Content-Type')
    logError(`${c.req.method} ${c.req.path} failed`, err)
    return errorJson(c, 500, 'internal error')
  })

  return app
}

function json(c: Context): boolean {
  return wantsJson(c.req.header('accept'))
}

function unknownUser(c: Context, userId: number): Response {
  return errorJson(c, 404, `userId ${userId} has no records`, 'userId')
}

function defaultLog(message: string, cause: unknown): void {
  console.error(message, cause)
}
