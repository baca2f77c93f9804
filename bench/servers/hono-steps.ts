/**
 * The handler as deployed on Node: handler/app.ts on @hono/node-server (via
 * handler/serve-node.ts) with better-sqlite3 on the database file in argv[2],
 * or the Postgres driver on BENCH_DATABASE_URL (open-store.ts).
 */
import { createApp } from '../../handler/app.ts'
import { serveNode } from '../../handler/serve-node.ts'
import { openBenchStore } from './open-store.ts'
import { announce, onStop } from './announce.ts'

const store = await openBenchStore(process.argv[2])
const running = await serveNode(createApp({ store, runtime: 'node', checkTarget: false }), { port: 0, host: '127.0.0.1', graceMs: 500 })
announce(running.port)
onStop(async () => {
  await running.close()
  await store.close()
})
