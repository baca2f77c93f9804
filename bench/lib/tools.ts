import { spawnSync } from 'node:child_process'

/** Outcome of looking for an external tool: its path, or why it cannot be had. */
export type ToolStatus = { ok: true; path: string } | { ok: false; reason: string }

const found = new Map<string, ToolStatus>()
const disabled = new Set<string>()
let aptUpdated = false

/** `--without nginx,wrk`: behave as if these tools could not be had (to check the fallbacks). */
export function disableTools(names: readonly string[]): void {
  for (const name of names) disabled.add(name)
}

function which(binary: string): string | undefined {
  const out = spawnSync('sh', ['-c', `command -v ${binary} || ls /usr/sbin/${binary} 2>/dev/null`], { encoding: 'utf8' })
  const path = out.stdout.trim().split('\n')[0]
  return out.status === 0 && path ? path : undefined
}

function aptInstall(pkg: string): string | undefined {
  if (process.getuid?.() !== 0) return 'not root, cannot apt-get install'
  if (spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) return 'no apt-get on this system'
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  if (!aptUpdated) {
    console.log('bench: apt-get update')
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env })
    aptUpdated = true
  }
  console.log(`bench: apt-get install -y ${pkg}`)
  const res = spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'ignore', env })
  return res.status === 0 ? undefined : `apt-get install ${pkg} failed (exit ${res.status})`
}

/** Finds `binary`, installing the Debian package `pkg` when it is missing and we may. */
export function ensureTool(binary: string, pkg: string): ToolStatus {
  if (disabled.has(binary)) return { ok: false, reason: `${binary} disabled by --without` }
  const known = found.get(binary)
  if (known) return known
  let path = which(binary)
  let reason: string | undefined
  if (!path) {
    reason = aptInstall(pkg)
    path = which(binary)
  }
  const status: ToolStatus = path ? { ok: true, path } : { ok: false, reason: reason ?? `${binary} not found after installing ${pkg}` }
  found.set(binary, status)
  return status
}
