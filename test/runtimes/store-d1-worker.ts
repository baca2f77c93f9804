import { openD1Store } from '../../src/store/d1.ts'
import type { D1Binding } from '../../src/store/d1.ts'
import { runStoreCases } from './run-store-cases.ts'

/**
 * A Worker that runs the store cases inside workerd against its D1 binding and
 * answers with the results as JSON. D1 has one database per binding, so a
 * "fresh" store is the same database emptied.
 */
export default {
  async fetch(_request: Request, env: { DB: D1Binding }): Promise<Response> {
    const empty = async () => {
      await env.DB.batch([env.DB.prepare('DELETE FROM hourly'), env.DB.prepare('DELETE FROM daily')])
    }
    const results = await runStoreCases(async () => {
      await empty()
      return openD1Store(env.DB)
    }, () => () => openD1Store(env.DB))
    return Response.json({ runtime: `workerd (${navigator.userAgent})`, store: openD1Store(env.DB).name, results })
  },
}
