import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
/** Gitignored; the download happens once per machine (about 30 MB). */
export const NODE22_CACHE = join(root, '.cache', 'node22')

/** Lambda's nodejs22.x: the major version the Lambda bundle (node:sqlite) and wrangler need. */
const MAJOR = 22

export type Node22 = { path: string; version: string } | { unavailable: string }

let found: Node22 | undefined

/**
 * A real Node 22 binary. The current Node when it is 22 already; otherwise the
 * npm package node-<platform>-<arch>@22 (Node itself, published by the Node
 * community) installed on demand into .cache/node22, never a project
 * dependency, so `npm ci` stays the same on every platform. Synchronous (the
 * install runs once per machine), so a runtime's availability can be asked
 * where a test suite is declared.
 */
export function findNode22(): Node22 {
  found ??= locate()
  return found
}

function locate(): Node22 {
  if (Number(process.versions.node.split('.')[0]) === MAJOR) return { path: process.execPath, version: process.version }
  if (process.platform === 'win32') return { unavailable: 'no node-win32 package with a usable bin layout; run on Node 22' }
  const pkg = `node-${process.platform}-${process.arch}`
  const binary = join(NODE22_CACHE, 'node_modules', pkg, 'bin', 'node')
  if (!existsSync(binary)) {
    console.log(`Installing ${pkg}@${MAJOR} into ${NODE22_CACHE} (once; used by the local Lambda, wrangler and the node:sqlite tests)`)
    const install = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', NODE22_CACHE, `${pkg}@${MAJOR}`], { encoding: 'utf8', timeout: 300_000 })
    if (install.status !== 0) return { unavailable: `could not install ${pkg}@${MAJOR}: ${(install.error?.message ?? install.stderr ?? '').trim().split('\n').slice(-1)[0]}` }
  }
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000 })
  if (probe.status !== 0) return { unavailable: `${binary} --version failed: ${(probe.error?.message ?? probe.stderr).trim().slice(0, 200)}` }
  return { path: binary, version: probe.stdout.trim() }
}
