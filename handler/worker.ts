import type { Hono } from 'hono'
import { createApp } from './app.ts'
import { drainUnreadBody } from './drain-unread-body.ts'
import { workerStore } from '../src/store/worker-store.ts'
import type { WorkerStoreEnv } from '../src/store/worker-store.ts'

/** Bindings declared in wrangler.toml: D1 as DB, or Postgres through HYPERDRIVE or DATABASE_URL. */
export type Env = WorkerStoreEnv

type ExecutionContext = Parameters<Hono['fetch']>[2]

// Bindings arrive with the first request, so the app is built then, once per
// isolate: its X-Cold-Start marks the isolate's first response.
let app: Hono | undefined

/** Cloudflare Workers (module syntax): the app with Postgres (Hyperdrive or DATABASE_URL), else the D1 binding `DB`. */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    app ??= createApp({ store: workerStore(env), runtime: 'workerd', checkHost: true })
    const response = await app.fetch(request, env, ctx)
    await drainUnreadBody(request)
    return response
  },
}
