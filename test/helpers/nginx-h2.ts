/**
 * A real nginx speaking HTTP/2 over TLS (ALPN h2) on 127.0.0.1 for the HTTP/2 client's tests:
 * one worker, static files from its own folder, `/headers` answering with 100 headers, `/drop`
 * answering nothing (nginx's 444: the stream is reset).
 * `nginxH2Missing()` says why not when nginx (or its HTTP/2 module) is missing, for a skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { findNginx } from '../../src/fleet/find-nginx.ts'
import { freePort, waitForPort } from '../../bench/lib/ports.ts'
import { tempDir } from './temp-dir.ts'
import type { Pem } from './tls-certs.ts'

export interface NginxH2 {
  origin: string
  /** The folder its files are served from. */
  root: string
  stop(): Promise<void>
}

/** The 100 headers /headers answers with, in order. */
export const HUNDRED_HEADERS: [string, string][] = Array.from({ length: 100 }, (_, i) => [`x-h-${i}`, `value ${i}${' abcXYZ09;=,'.repeat(i % 7)}`])

/** Why nginx with HTTP/2 cannot run here, or undefined (a load-time probe, for `test.needs`). */
export function nginxH2Missing(): string | undefined {
  const found = findNginx(process.env, () => {})
  if ('unavailable' in found) return found.unavailable
  const modules = spawnSync(found.path, ['-V'], { encoding: 'utf8' }).stderr
  return modules.includes('http_v2_module') ? undefined : `${found.path} is built without the HTTP/2 module`
}

/** `keepaliveRequests`: streams a connection serves before nginx sends GOAWAY (its default is 1000). */
export async function startNginxH2(pem: Pem, files: Record<string, Buffer>, keepaliveRequests = 1000): Promise<NginxH2> {
  const found = findNginx(process.env, () => {})
  if ('unavailable' in found) throw new Error(found.unavailable)
  const dir = tempDir('edgeload-nginx-h2-')
  const root = join(dir.path, 'www')
  mkdirSync(root)
  for (const [name, body] of Object.entries(files)) writeFileSync(join(root, name), body)
  const port = await freePort()
  const adds = HUNDRED_HEADERS.map(([name, value]) => `      add_header ${name} "${value}";`).join('\n')
  writeFileSync(dir.file('nginx.conf'), `${process.getuid?.() === 0 ? 'user root;' : ''}
daemon off;
worker_processes 1;
pid ${dir.file('nginx.pid')};
error_log ${dir.file('error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  keepalive_requests ${keepaliveRequests};
  client_body_temp_path ${dir.file('body')};
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${pem.certFile};
    ssl_certificate_key ${pem.keyFile};
    root ${root};
    location = /headers {
${adds}
      return 200 "a hundred headers";
    }
    location = /drop {
      return 444;
    }
  }
}
`)
  const child: ChildProcess = spawn(found.path, ['-p', dir.path, '-c', dir.file('nginx.conf'), '-e', dir.file('error.log')], { stdio: 'ignore' })
  // A test process that dies (its deadline, an uncaught error) takes nginx with it.
  const orphaned = () => child.kill('SIGTERM') // nginx's fast shutdown: its worker goes too
  process.once('exit', orphaned)
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`nginx exited (${code}); see ${dir.file('error.log')}`))))
  exited.catch(() => {})
  await Promise.race([waitForPort(port), exited])
  return {
    origin: `https://127.0.0.1:${port}`,
    root,
    async stop() {
      process.off('exit', orphaned)
      if (child.exitCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await gone
      }
      dir.remove()
    },
  }
}
