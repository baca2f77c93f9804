import postgres from 'postgres'
import { openPostgresStore } from '../../src/store/postgres.ts'
import { runStoreCases } from './run-store-cases.ts'

/**
 * A Worker that runs the store cases inside workerd against Postgres through
 * its Hyperdrive binding, with a client per call as handler/worker.ts does,
 * and answers with the results as JSON. Each case first empties the tables.
 */
export default {
  async fetch(_request: Request, env: { HYPERDRIVE: { connectionString: string } }): Promise<Response> {
    const url = env.HYPERDRIVE.connectionString
    const open = () => openPostgresStore(url, { clientPerCall: true, log: () => {} })
    const results = await runStoreCases(async () => {
      const store = open()
      await store.ready()
      const sql = postgres(url, { max: 1, onnotice: () => {} })
      await sql`TRUNCATE hourly, daily`
      await sql.end()
      return store
    }, () => open)
    return Response.json({ runtime: `workerd (${navigator.userAgent})`, store: open().name, results })
  },
}
