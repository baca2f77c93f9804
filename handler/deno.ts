import { createApp } from './app.ts'
import { entryStore } from './entry-store.ts'
import { readNodeConfig } from './node-config.ts'
import { gracefulStop } from './lib/graceful-stop.ts'
import { openNodeSqliteStore } from '../src/store/node-sqlite.ts'

/** Deno: the app on Deno.serve with the built-in node:sqlite, or Postgres with DATABASE_URL. `deno task start`. */
const config = readNodeConfig(Deno.env.toObject())
const store = await entryStore(Deno.env.toObject(), config.dbFile, openNodeSqliteStore).catch((err: Error) => {
  console.error(`edgeload handler could not start: ${err.message}`)
  return Deno.exit(1)
})
const app = createApp({ store, runtime: 'deno', checkHost: true })

const server = Deno.serve({
  port: config.port,
  hostname: config.host,
  onListen: ({ hostname, port }) =>
    console.log(`edgeload handler listening on http://${hostname}:${port} (runtime deno ${Deno.version.deno}, store ${store.name})`),
}, app.fetch)

const stop = gracefulStop(() => server.shutdown(), store, (code) => Deno.exit(code))
Deno.addSignalListener('SIGINT', () => stop('SIGINT'))
Deno.addSignalListener('SIGTERM', () => stop('SIGTERM'))
