/**
 * `npm run start:worker`: the Worker on local workerd (miniflare, the runtime
 * wrangler dev uses) behind a Node front (worker-front.ts), with a local D1
 * kept under data/worker/ (EDGELOAD_WORKER_DATA overrides), for machines
 * without wrangler (whose current releases need Node 22). PORT (default 8787,
 * as wrangler dev) and HOST (default 127.0.0.1).
 */
import { readNodeConfig } from '../../handler/node-config.ts'
import { startWorkerBehindNode } from './worker-front.ts'

const config = readNodeConfig({ PORT: '8787', HOST: '127.0.0.1', ...process.env })
const dataDir = process.env.EDGELOAD_WORKER_DATA || 'data/worker'
const server = await startWorkerBehindNode({ dataDir, port: config.port, host: config.host })

// Miniflare's exit hook answers SIGINT/SIGTERM with process.exit(130/143)
// before our close could finish; a stop that was asked for is a clean exit.
// Its 'exit' hook stays, so workerd never outlives this process.
let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.removeAllListeners(signal)
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing in-flight requests, then stopping workerd`)
    void server.close().then(() => process.exit(0), () => process.exit(1))
  })
}
console.log(`edgeload handler listening on ${server.url} (runtime workerd via miniflare behind a Node front, store d1 in ${dataDir}/d1)`)
