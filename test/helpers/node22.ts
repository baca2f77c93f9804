import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../', import.meta.url))
/** Gitignored; the download happens once per machine (about 30 MB). */
export const NODE22_CACHE = join(root, '.cache', 'node22')

/** Lambda's nodejs22.x: the major version the Lambda and node:sqlite tests run under. */
const MAJOR = 22

export type Node22 = { path: string; version: string } | { unavailable: string }

let pending: Promise<Node22> | undefined

/**
 * A real Node 22 binary. The current Node when it is 22 already; otherwise the
 * npm package node-<platform>-<arch>@22 (Node itself, published by the Node
 * community) installed on demand into .cache/node22, never a project
 * dependency, so `npm ci` stays the same on every platform.
 */
export function node22(): Promise<Node22> {
  pending ??= locate()
  return pending
}

async function locate(): Promise<Node22> {
  if (Number(process.versions.node.split('.')[0]) === MAJOR) return { path: process.execPath, version: process.version }
  if (process.platform === 'win32') return { unavailable: 'no node-win32 package with a usable bin layout; run the tests on Node 22' }
  const pkg = `node-${process.platform}-${process.arch}`
  const binary = join(NODE22_CACHE, 'node_modules', pkg, 'bin', 'node')
  try {
    if (!existsSync(binary)) {
      console.log(`Installing ${pkg}@${MAJOR} into ${NODE22_CACHE} (once; used by the Lambda and node:sqlite tests)`)
      await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', NODE22_CACHE, `${pkg}@${MAJOR}`], { timeout: 300_000 })
    }
    const { stdout } = await run(binary, ['--version'])
    return { path: binary, version: stdout.trim() }
  } catch (error) {
    return { unavailable: `could not install or run ${pkg}@${MAJOR}: ${(error as Error).message.split('\n')[0]}` }
  }
}
