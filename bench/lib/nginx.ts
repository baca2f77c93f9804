import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { pinned } from './cpus.ts'
import { freePort, waitForPort } from './ports.ts'
import { stopChild } from './proc.ts'

export interface NginxOptions {
  binary: string
  core?: number
  /** Raised for the scale test, which holds 10,000 idle connections. */
  workerConnections?: number
  /** TLS with HTTP/2 offered by ALPN (and HTTP/1.1), with this certificate and key (PEM files). */
  tls?: { certFile: string; keyFile: string }
}

export interface Target {
  url: string
  pid: number
  name: string
  close(): Promise<void>
}

/**
 * One worker, loopback only, answering every request with a short 200 body:
 * the fastest target we can offer, so the generator is what gets measured.
 * keepalive_requests is raised because nginx otherwise closes a connection
 * after 1,000 requests, and reconnecting would be measured instead.
 */
function config(dir: string, port: number, workerConnections: number, tls?: NginxOptions['tls']): string {
  // nginx 1.22 turns HTTP/2 on in the listen directive; keepalive_requests covers its streams too.
  const listen = tls ? `listen 127.0.0.1:${port} ssl http2 backlog=16384;
    ssl_certificate ${tls.certFile};
    ssl_certificate_key ${tls.keyFile};` : `listen 127.0.0.1:${port} backlog=16384;`
  const user = process.getuid?.() === 0 ? 'user root;' : ''
  return `${user}
daemon off;
master_process on;
worker_processes 1;
worker_rlimit_nofile ${workerConnections + 1024};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
  worker_connections ${workerConnections};
  multi_accept on;
}
http {
  access_log off;
  keepalive_requests 1000000000;
  keepalive_timeout 300s;
  client_body_temp_path ${dir}/body;
  server {
    ${listen}
    location / {
      default_type text/plain;
      return 200 "Got it!";
    }
  }
}
`
}

export async function startNginx(opts: NginxOptions): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-nginx-'))
  const port = await freePort()
  writeFileSync(join(dir, 'nginx.conf'), config(dir, port, opts.workerConnections ?? 1024, opts.tls))
  const [cmd, args] = pinned(opts.core, opts.binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')])
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] })
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`nginx exited (${code}); see ${dir}/error.log`))))
  await Promise.race([waitForPort(port), exited])
  exited.catch(() => {})
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    pid: child.pid!,
    name: opts.tls ? 'nginx (1 worker, TLS, http2)' : 'nginx (1 worker)',
    async close() {
      await stopChild(child)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
