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
    // A connection per call: the 200 concurrent records of one case each handshake with the
    // server on workerd's one thread (seconds on a loaded machine); the cases test results, not speed.
    const open = () => openPostgresStore(url, { clientPerCall: true, timeoutMs: 60_000, log: () => {} })
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
