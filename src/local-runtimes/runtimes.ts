import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readLambdaSettings } from '../local-lambda/settings.ts'
import { startLocalLambda } from '../local-lambda/start-local-lambda.ts'
import type { LocalServer, StartOptions } from './local-server.ts'
import { findNode22 } from './node22.ts'
import { spawnEntry } from './spawn-entry.ts'
import { startWorkerd } from './workerd.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const bin = (name: string) => join(root, 'node_modules', '.bin', name)

export const DENO_BIN = bin('deno')
export const BUN_BIN = bin('bun')
export const WORKERD_BIN = bin('workerd')

export type RuntimeName = 'node' | 'lambda' | 'deno' | 'bun' | 'workerd'
/** EC2 (a Node server) first, then Lambda's execution model, then the other runtimes. */
export const LOCAL_RUNTIMES: readonly RuntimeName[] = ['node', 'lambda', 'deno', 'bun', 'workerd']

/** Why a runtime's binary cannot run here, or undefined when it can. */
export function unavailable(runtime: RuntimeName): string | undefined {
  if (runtime === 'node') return undefined
  if (runtime === 'lambda') {
    if (process.platform === 'win32') return 'the local Lambda freezes environments with SIGSTOP, which Windows has not'
    const node = findNode22()
    return 'unavailable' in node ? `the local Lambda needs Node 22: ${node.unavailable}` : undefined
  }
  const binary = { deno: DENO_BIN, bun: BUN_BIN, workerd: WORKERD_BIN }[runtime]
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000 })
  if (probe.error) return `${binary} cannot run: ${probe.error.message}`
  if (probe.status !== 0) return `${binary} --version exited ${probe.status}: ${probe.stderr.trim().slice(0, 300)}`
  return undefined
}

/** Starts the handler's entry for one runtime on 127.0.0.1, with its database under dataDir. */
export function startLocalRuntime(runtime: RuntimeName, options: StartOptions): Promise<LocalServer> {
  if (runtime === 'workerd') return startWorkerd(options)
  if (runtime === 'lambda') {
    // The execution model's settings as start:lambda reads them (LAMBDA_CONCURRENCY...); where it listens and its store are the caller's.
    const { concurrency, timeoutMs, idleMs, memoryMb } = readLambdaSettings(process.env)
    return startLocalLambda({ concurrency, timeoutMs, idleMs, memoryMb, ...options })
  }
  const env = {
    PORT: String(options.port ?? 0),
    HOST: options.host ?? '127.0.0.1',
    STEPS_DB: join(options.dataDir, `${runtime}-steps.db`),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  }
  const commands = {
    node: { command: process.execPath, args: ['--import', 'tsx', 'handler/node.ts'] },
    // The permissions `deno task start` grants (deno.json).
    deno: { command: DENO_BIN, args: ['run', '--allow-net', '--allow-env', '--allow-read', '--allow-write', 'handler/deno.ts'] },
    bun: { command: BUN_BIN, args: ['handler/bun.ts'] },
  }
  return spawnEntry({ runtime, ...commands[runtime], cwd: root, env })
}
