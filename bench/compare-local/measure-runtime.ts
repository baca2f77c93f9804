import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startLocalRuntime, unavailable } from '../../src/local-runtimes/runtimes.ts'
import type { RuntimeName } from '../../src/local-runtimes/runtimes.ts'
import type { Summary } from '../../src/report/summary.ts'
import type { RuntimeColumn } from './compare-table.ts'
import { environmentFigures } from './environments.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../', import.meta.url))

export interface Load {
  scenario: string
  /** Unset: the scenario's own. */
  threads?: number
  iterations?: number
}

/**
 * Starts the handler fresh on one runtime (empty database), drives it with the
 * runner CLI in its own process (`node runner ... --out`), reads the summary,
 * then asks /health for the store it used; the server is always stopped.
 */
export function measureRuntime(runtime: RuntimeName, load: Load, workDir: string, databaseUrl?: string): Promise<RuntimeColumn> {
  const args = ['--scenario', load.scenario]
  if (load.threads !== undefined) args.push('--threads', String(load.threads))
  if (load.iterations !== undefined) args.push('--iterations', String(load.iterations))
  // 99 is a failed threshold: the run itself happened and its summary is valid.
  return runOnFreshRuntime(runtime, args, [0, 99], workDir, databaseUrl)
}

/**
 * `node runner <args> --target <the fresh server> --out <file> --quiet --no-save` against one
 * runtime started for it; the summary when the runner exited with one of `written` (codes after
 * which its summary is valid), else why the runtime has no column.
 */
export async function runOnFreshRuntime(runtime: RuntimeName, args: string[], written: number[], workDir: string, databaseUrl?: string): Promise<RuntimeColumn> {
  const reason = unavailable(runtime)
  if (reason) return { runtime, missing: reason }
  const server = await startLocalRuntime(runtime, { dataDir: workDir, databaseUrl })
  try {
    const out = `${workDir}/summary.json`
    // --no-save: these runs are compared here, not kept in the user's history.
    const all = ['runner', ...args, '--target', server.url, '--out', out, '--quiet', '--no-save']
    const exit = await run(process.execPath, all, { cwd: root, maxBuffer: 16 << 20 }).then(() => 0, (error) => error)
    if (exit !== 0 && !written.includes(exit.code)) return { runtime, missing: `runner exited ${exit.code}: ${String(exit.stderr || exit.stdout).trim().split('\n').slice(-3).join(' | ')}` }
    const summary = JSON.parse(readFileSync(out, 'utf8')) as Summary
    const health = await (await fetch(`${server.url}/health`)).json() as { store: string }
    // /health names the engine only (docs/api.md); a path an older build
    // appended is cut, so summaries from either compare.
    // Postgres names its URL (workerd's is Hyperdrive's); the run's header line says where it is.
    const store = health.store.replace(/\s+\/.*$/, '').replace(/^postgres \(.*\)$/, 'postgres')
    const environments = environmentFigures(server)
    // The local Lambda's SQLite is one file per environment, not shared (docs/deploy-lambda.md).
    return { runtime, summary, store: environments && store !== 'postgres' ? `${store}, one per environment` : store, environments }
  } finally {
    await server.close()
  }
}
