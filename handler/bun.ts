import { createApp } from './app.ts'
import { entryStore } from './entry-store.ts'
import { readNodeConfig } from './node-config.ts'
import { gracefulStop } from './lib/graceful-stop.ts'
import { openBunSqliteStore } from '../src/store/bun-sqlite.ts'

/** Bun: the app on Bun.serve with the built-in bun:sqlite, or Postgres with DATABASE_URL. `bun handler/bun.ts`. */
const config = readNodeConfig(process.env)
const store = await entryStore(process.env, config.dbFile, openBunSqliteStore).catch((err: Error) => {
  console.error(`edgeload handler could not start: ${err.message}`)
  return process.exit(1)
})
const app = createApp({ store, runtime: 'bun', checkHost: true })

// idleTimeout (seconds) as the Node entry's keep-alive: the runner keeps
// connections open between phases, and Bun's default 10 s would drop them.
const server = Bun.serve({ port: config.port, hostname: config.host, idleTimeout: 65, fetch: app.fetch })
console.log(`edgeload handler listening on ${String(server.url).replace(/\/$/, "")} (runtime bun ${Bun.version}, store ${store.name})`)

const stop = gracefulStop(() => server.stop(), store, (code) => process.exit(code))
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
