import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Balancer {
  url: string
  pid: number
  /** Resolves when nginx exits by itself (it should not). */
  exited: Promise<number | null>
  stop(): Promise<void>
}

/**
 * nginx in front of the instances: round robin over keep-alive upstream
 * connections. A connection that cannot be made (an instance gone) is retried
 * on the next instance; a POST already sent to an instance that died is not
 * (nginx never repeats a non-idempotent request), so it answers 502 and the
 * client knows the write is unconfirmed. An instance that fails is skipped for
 * 2 s, then tried again. The balancer's own failures (502, 504) are the
 * API's JSON error, not nginx's HTML page (docs/api.md); an instance's own
 * answers (a 503 with Retry-After) pass through as they are.
 */
/** The balancer's JSON error: no instance answered, so a write sent is unconfirmed. */
const UNANSWERED = JSON.stringify({ error: 'no instance answered: a write sent with this request may or may not be stored' })

function config(dir: string, host: string, port: number, upstreams: string[]): string {
  const user = process.getuid?.() === 0 ? 'user root;' : ''
  return `${user}
daemon off;
master_process on;
worker_processes 1;
worker_rlimit_nofile 20000;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 8192; multi_accept on; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 65s;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  upstream edgeload {
${upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 128;
  }
  server {
    listen ${host}:${port} backlog=4096;
    location / {
      proxy_pass http://edgeload;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 3;
      error_page 502 504 = @unanswered;
    }
    location @unanswered {
      default_type application/json;
      return 502 '${UNANSWERED}';
    }
  }
}
`
}

export async function startBalancer(nginx: string, host: string, port: number, upstreams: string[]): Promise<Balancer> {
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-fleet-nginx-'))
  writeFileSync(join(dir, 'nginx.conf'), config(dir, host, port, upstreams))
  const child = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const up = await Promise.race([waitForPort(host, port).then(() => true), exited.then(() => false)])
  if (!up) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`nginx did not start on ${host}:${port}: ${stderr.trim().split('\n').slice(-2).join(' ') || 'no message'}`)
  }
  return {
    url: `http://${host}:${port}`,
    pid: child.pid!,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM') // nginx: fast shutdown
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function waitForPort(host: string, port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host)
      socket.once('connect', () => { socket.destroy(); resolve(true) })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`nothing listening on ${host}:${port} after 10 s`)
}
