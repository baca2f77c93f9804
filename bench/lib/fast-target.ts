import { coreLayout } from './cpus.ts'
import { startNginx, type Target } from './nginx.ts'
import { nodeArgs, spawnReady } from './proc.ts'
import { ensureTool } from './tools.ts'

export type { Target } from './nginx.ts'

/**
 * The fastest target we can have, on the target core: nginx with one worker if it can be
 * installed, else a raw node:http server. `connections` sizes it for the scale test.
 */
export async function startFastTarget(connections = 1024): Promise<Target> {
  const core = coreLayout().target
  const nginx = ensureTool('nginx', 'nginx-light')
  if (nginx.ok) {
    try {
      // nginx starts closing idle keep-alive connections once fewer than 1/16 of its
      // worker_connections are free ("reusing connections"): leave a quarter spare.
      return await startNginx({ binary: nginx.path, core, workerConnections: Math.max(1024, Math.ceil(connections * 1.25) + 512) })
    } catch (err) {
      console.log(`bench: nginx would not start (${err instanceof Error ? err.message : err}); using raw node:http`)
    }
  } else {
    console.log(`bench: nginx unavailable (${nginx.reason}); using raw node:http as the fast target`)
  }
  return startNodeTarget('raw-fast.ts', [], 'node:http (raw)')
}

/** A bench server from bench/servers/ in its own process on the target core. */
export async function startNodeTarget(file: string, args: string[], name: string): Promise<Target> {
  const [cmd, argv] = nodeArgs(new URL(`../servers/${file}`, import.meta.url).pathname, args)
  const shellLine = 'ulimit -n 20000 2>/dev/null || ulimit -n $(ulimit -Hn); exec "$0" "$@"'
  const child = await spawnReady<{ port: number; pid: number }>('sh', ['-c', shellLine, cmd, ...argv], { core: coreLayout().target })
  return { url: `http://127.0.0.1:${child.ready.port}`, pid: child.ready.pid, name, close: () => child.stop() }
}
