/**
 * `npm run start:worker`: the Worker on local workerd (miniflare, the runtime
 * wrangler dev uses) with a local D1 kept under data/worker/, for machines
 * without wrangler (whose current releases need Node 22). PORT (default 8787,
 * as wrangler dev) and HOST (default 127.0.0.1).
 */
import { readNodeConfig } from '../../handler/node-config.ts'
import { startWorkerd } from './workerd.ts'

const config = readNodeConfig({ PORT: '8787', HOST: '127.0.0.1', ...process.env })
const server = await startWorkerd({ dataDir: 'data/worker', port: config.port, host: config.host })
console.log(`edgeload handler listening on ${server.url} (runtime workerd via miniflare, store d1 in data/worker/d1)`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await server.close()
    process.exit(0)
  })
}
