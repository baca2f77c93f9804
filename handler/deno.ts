import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { createApp } from './app.ts'
import { readNodeConfig } from './node-config.ts'
import { gracefulStop } from './lib/graceful-stop.ts'
import { openNodeSqliteStore } from '../src/store/node-sqlite.ts'

/** Deno: the app on Deno.serve with the built-in node:sqlite. `deno task start`. */
const config = readNodeConfig(Deno.env.toObject())
if (config.dbFile !== ':memory:') mkdirSync(dirname(config.dbFile), { recursive: true })
const store = openNodeSqliteStore(config.dbFile)
const app = createApp({ store, runtime: 'deno' })

const server = Deno.serve({
  port: config.port,
  hostname: config.host,
  onListen: ({ hostname, port }) =>
    console.log(`edgeload handler listening on http://${hostname}:${port} (runtime deno ${Deno.version.deno}, store ${store.name})`),
}, app.fetch)

const stop = gracefulStop(() => server.shutdown(), store, (code) => Deno.exit(code))
Deno.addSignalListener('SIGINT', () => stop('SIGINT'))
Deno.addSignalListener('SIGTERM', () => stop('SIGTERM'))
