/**
 * `npm run start:lambda`: the bundle `npm run build:lambda` makes, on a local
 * Lambda behind an API Gateway HTTP API front (docs/deploy-lambda.md, "Local
 * Lambda"). Settings from the environment: PORT (3000, as `sam local
 * start-api`), HOST (127.0.0.1), LAMBDA_CONCURRENCY (10), LAMBDA_TIMEOUT (30s),
 * LAMBDA_IDLE (5m), LAMBDA_MEMORY (512, recorded), DATABASE_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { bundle } from '../build/bundles.ts'
import { describeDatabaseUrl } from '../store/database-url.ts'
import { findNode22 } from '../local-runtimes/node22.ts'
import { readLambdaSettings } from './settings.ts'
import { startLocalLambda } from './start-local-lambda.ts'

async function main(): Promise<void> {
  const settings = readLambdaSettings(process.env)
  const bundleFile = await bundle('lambda')
  // Each environment's /tmp lives here, removed when it is reaped and when this stops.
  const dataDir = mkdtempSync(join(tmpdir(), 'edgeload-lambda-'))
  const lambda = await startLocalLambda({ ...settings, dataDir, bundleFile, orphanDir: dataDir }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  })
  const node = findNode22()
  const store = settings.databaseUrl ? `postgres ${describeDatabaseUrl(settings.databaseUrl)}, shared` : 'sqlite in each environment\'s own /tmp, not shared'
  console.log(`edgeload handler listening on ${lambda.url} (runtime lambda: ${relative(process.cwd(), bundleFile)} on @vercel/fun, Node ${'version' in node ? node.version : '?'}; ` +
    `concurrency ${settings.concurrency}, timeout ${settings.timeoutMs} ms, idle ${settings.idleMs} ms, memory ${settings.memoryMb} MB recorded, not enforced; store ${store})`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing in-flight requests, then stopping the environments`)
    const r = lambda.record
    console.log(`cold starts ${r.coldStarts}, throttled ${r.throttled}, timeouts ${r.timeouts}, errors ${r.errors}, reaped ${r.reaped}, most environments at once ${r.peak}`)
    void lambda.close().finally(() => {
      rmSync(dataDir, { recursive: true, force: true })
      process.exit(0)
    })
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((err: unknown) => {
  console.error(`edgeload local Lambda could not start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
