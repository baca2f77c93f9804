import type { ChildProcess } from 'node:child_process'
import { delimiter, dirname, join } from 'node:path'
import { createFaultLog } from '../../handler/lib/fault-log.ts'
import { serveNode } from '../../handler/serve-node.ts'
import { bundle } from '../build/bundles.ts'
import type { LocalServer, StartOptions } from '../local-runtimes/local-server.ts'
import { findNode22 } from '../local-runtimes/node22.ts'
import { Environment } from './environment.ts'
import { EnvironmentPool } from './environment-pool.ts'
import type { PoolRecord } from './environment-pool.ts'
import { gatewayFetch } from './gateway.ts'
import { OrphanGuard } from './orphan-guard.ts'
import { LAMBDA_DEFAULTS, readLambdaSettings } from './settings.ts'
import { makeTaskDir } from './task-dir.ts'

export interface LocalLambdaOptions extends StartOptions {
  /** Defaults as `npm run start:lambda` (settings.ts): 10, 30 s, 5 min, 512 MB. */
  concurrency?: number
  timeoutMs?: number
  idleMs?: number
  memoryMb?: number
  /** The Lambda bundle to run; default: handler/lambda.ts built into dataDir. */
  bundleFile?: string
  /** A folder the watchdog removes if this process is killed without close() (start:lambda's dataDir). */
  orphanDir?: string
  /** Another function instead of the bundle (tests of the execution model): its folder and `file.export`. */
  code?: { dir: string; handler: string }
}

export interface LocalLambda extends LocalServer {
  /** Cold starts, init durations, throttles, timeouts, errors, reaps (environment-pool.ts). */
  readonly record: PoolRecord
  readonly pool: EnvironmentPool
}

/**
 * The Lambda bundle on a local Lambda (@vercel/fun's environments, Node 22)
 * behind an API Gateway HTTP API front on 127.0.0.1 (docs/deploy-lambda.md,
 * "Local Lambda"). `npm run start:lambda` is this with settings from the environment.
 */
export async function startLocalLambda(options: LocalLambdaOptions): Promise<LocalLambda> {
  const node = findNode22()
  if ('unavailable' in node) throw new Error(`the local Lambda needs Node 22 (Lambda's nodejs22.x): ${node.unavailable}`)
  const defaults = readLambdaSettings(LAMBDA_DEFAULTS)
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs
  const code = options.code ?? { dir: makeTaskDir(options.bundleFile ?? (await bundle('lambda', { outfile: join(options.dataDir, 'bundle', 'index.mjs') })), join(options.dataDir, 'task')), handler: 'index.handler' }
  const variables: Record<string, string> = {
    PATH: `${dirname(node.path)}${delimiter}${process.env.PATH ?? ''}`,
    // template.yaml's variables.
    NODE_OPTIONS: '--disable-warning=ExperimentalWarning',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl, DB_POOL_MAX: '1' } : {}),
  }
  const memoryMb = options.memoryMb ?? defaults.memoryMb
  const guard = new OrphanGuard(options.orphanDir)
  const onProcess = (proc: ChildProcess) => guard.watch(proc)
  const pool = new EnvironmentPool(options.concurrency ?? defaults.concurrency, options.idleMs ?? defaults.idleMs, (id) =>
    new Environment(id, { taskDir: code.dir, handler: code.handler, tmpDir: join(options.dataDir, `env-${id}`, 'tmp'), variables, memoryMb, onProcess }))
  const log = createFaultLog()
  // Environments are child processes, frozen between requests: none may outlive this process.
  const killAll = () => pool.killAll()
  process.once('exit', killAll)
  try {
    const front = await serveNode({ fetch: gatewayFetch({ pool, timeoutMs, log }) }, { port: options.port ?? 0, host: options.host ?? '127.0.0.1', graceMs: Math.min(timeoutMs, 10_000), log })
    return {
      runtime: 'lambda',
      url: front.url,
      record: pool.record,
      pool,
      async close() {
        await front.close()
        await pool.close()
        process.off('exit', killAll)
        guard.close()
      },
    }
  } catch (error) {
    await pool.close()
    process.off('exit', killAll)
    guard.close()
    throw error
  }
}
