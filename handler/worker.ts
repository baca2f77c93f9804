import type { Hono } from 'hono'
import { createApp } from './app.ts'
import { drainUnreadBody } from './drain-unread-body.ts'
import { openD1Store } from '../src/store/d1.ts'
import type { D1Binding } from '../src/store/d1.ts'

/** Bindings declared in wrangler.toml. */
export interface Env {
  DB: D1Binding
}

type ExecutionContext = Parameters<Hono['fetch']>[2]

// Bindings arrive with the first request, so the app is built then, once per
// isolate: its X-Cold-Start marks the isolate's first response.
let app: Hono | undefined

/** Cloudflare Workers (module syntax): the app with the D1 binding `DB`. */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    app ??= createApp({ store: openD1Store(env.DB), runtime: 'workerd' })
    const response = await app.fetch(request, env, ctx)
    await drainUnreadBody(request)
    return response
  },
}
