import { createApp } from './app.ts'
import { entryStore } from './entry-store.ts'
import { readNodeConfig } from './node-config.ts'
import { serveNode } from './serve-node.ts'
import { gracefulStop } from './lib/graceful-stop.ts'
import { openBetterSqliteStore } from '../src/store/better-sqlite3.ts'

/** The "EC2" deployment: the app on @hono/node-server with better-sqlite3, or Postgres with DATABASE_URL. */
async function main(): Promise<void> {
  const config = readNodeConfig(process.env)
  const store = await entryStore(process.env, config.dbFile, openBetterSqliteStore)
  const running = await serveNode(createApp({ store, runtime: 'node', checkTarget: false }), config)
  console.log(`edgeload handler listening on ${running.url} (runtime node ${process.version}, store ${store.name})`)

  const stop = gracefulStop(() => running.close(), store, (code) => process.exit(code))
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((err: unknown) => {
  console.error(`edgeload handler could not start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
