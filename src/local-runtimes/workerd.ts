import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Miniflare } from 'miniflare'
import { bundle } from '../build/bundles.ts'
import { readMigrationStatements } from './d1-migrations.ts'
import type { LocalServer, StartOptions } from './local-server.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** The compatibility date deployments use, so local workerd behaves like the deployed Worker. */
export function wranglerCompatibilityDate(): string {
  const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8')
  const match = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(toml)
  if (!match) throw new Error('wrangler.toml has no compatibility_date')
  return match[1]
}

/** The compatibility flags deployments use (nodejs_compat for the postgres driver). */
export function wranglerCompatibilityFlags(): string[] {
  const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8')
  const match = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)
  return match ? [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]) : []
}

export interface WorkerScript {
  /** An ES module bundle; its default export's fetch handles requests. */
  scriptPath: string
  /** Hyperdrive bindings by name, each to a local Postgres URL (miniflare connects to it directly). */
  hyperdrives?: Record<string, string>
  /** Plain-text variables (e.g. DATABASE_URL). */
  bindings?: Record<string, string>
}

/**
 * Serves a Worker bundle on miniflare's real workerd with a local D1 bound as
 * `DB` (persisted under dataDir, migrations applied before the first request).
 */
export async function startWorkerScript(script: WorkerScript, options: StartOptions): Promise<LocalServer & { miniflare: Miniflare }> {
  const scratch = mkdtempSync(join(tmpdir(), 'edgeload-miniflare-'))
  const miniflare = withTmpdir(scratch, () => new Miniflare({
    modules: true,
    scriptPath: script.scriptPath,
    // Module names are paths relative to this root; a bundle in a temp dir is outside the cwd.
    modulesRoot: dirname(script.scriptPath),
    compatibilityDate: wranglerCompatibilityDate(),
    compatibilityFlags: wranglerCompatibilityFlags(),
    hyperdrives: script.hyperdrives,
    bindings: script.bindings,
    d1Databases: { DB: 'edgeload-steps' },
    d1Persist: join(options.dataDir, 'd1'),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
  }))
  const close = async () => {
    try {
      await miniflare.dispose()
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  }
  try {
    const url = await miniflare.ready
    const db = await miniflare.getD1Database('DB')
    for (const statement of readMigrationStatements()) await db.prepare(statement).run()
    return { runtime: 'workerd', url: url.origin, miniflare, close }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * Miniflare keeps its own files in a `miniflare-*` folder under the OS temp
 * folder, chosen when it is built, and removes it on dispose without waiting:
 * a process that exits right after a clean stop left one behind each time.
 * Built with TMPDIR pointing at a folder of ours, that folder is removed once
 * dispose has resolved.
 */
function withTmpdir<T>(dir: string, build: () => T): T {
  const saved = process.env.TMPDIR
  process.env.TMPDIR = dir
  try {
    return build()
  } finally {
    if (saved === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = saved
  }
}

/** handler/worker.ts, bundled as `npm run build:worker` does, on local workerd. */
export async function startWorkerd(options: StartOptions): Promise<LocalServer> {
  const scriptPath = await bundle('worker', { outfile: join(options.dataDir, 'worker.js') })
  const hyperdrives = options.databaseUrl ? { HYPERDRIVE: options.databaseUrl } : undefined
  return startWorkerScript({ scriptPath, hyperdrives }, options)
}
