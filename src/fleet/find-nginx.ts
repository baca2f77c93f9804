import { accessSync, constants } from 'node:fs'
import { spawnSync } from 'node:child_process'

export type Found = { path: string } | { unavailable: string }

/**
 * nginx for the fleet's balancer: $NGINX if set, else nginx on the PATH or in
 * /usr/sbin, else (as root with apt-get, the way `npm run bench` gets it)
 * Debian's nginx-light, installed once. Otherwise why not, for a clear exit 2.
 */
export function findNginx(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): Found {
  if (env.NGINX) return executable(env.NGINX) ? { path: env.NGINX } : { unavailable: `NGINX=${env.NGINX} is not an executable file` }
  const onPath = locate()
  if (onPath) return { path: onPath }
  if (process.getuid?.() !== 0) return { unavailable: 'nginx is not installed and we are not root to install it' }
  if (spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0) return { unavailable: 'nginx is not installed and there is no apt-get to install it' }
  log('start:fleet: nginx is missing; apt-get install -y nginx-light')
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env: aptEnv })
  const installed = spawnSync('apt-get', ['install', '-y', '-qq', 'nginx-light'], { stdio: 'ignore', env: aptEnv })
  const path = locate()
  return path ? { path } : { unavailable: `apt-get install nginx-light failed (exit ${installed.status})` }
}

function locate(): string | undefined {
  const out = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx 2>/dev/null'], { encoding: 'utf8' })
  const path = out.stdout.trim().split('\n')[0]
  return out.status === 0 && path ? path : undefined
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
