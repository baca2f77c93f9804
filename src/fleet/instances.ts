import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

export interface Instance {
  n: number
  url: string
  pid: number
  process: ChildProcess
  /** SIGTERM (the entry finishes in-flight requests), SIGKILL after 10 s. */
  stop(): Promise<void>
}

/**
 * One Node handler (handler/node.ts) on 127.0.0.1 and a free port, with the
 * shared DATABASE_URL; resolves once it announces its URL. Its output is
 * passed through, each line prefixed with the instance number.
 */
export async function startInstance(n: number, databaseUrl: string, env: NodeJS.ProcessEnv = process.env): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'handler/node.ts'], {
    cwd: root,
    env: { ...env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let pending = ''
    const onLine = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
      pending += chunk.toString()
      const lines = pending.split('\n')
      pending = lines.pop()!
      for (const line of lines) {
        const match = /listening on (http:\/\/\S+?) /.exec(line)
        if (match) resolve(match[1])
        else stream.write(`[instance ${n}] ${line}\n`)
      }
    }
    child.stdout!.on('data', onLine(process.stdout))
    child.stderr!.on('data', onLine(process.stderr))
    child.once('exit', (code) => reject(new Error(`instance ${n} exited (${code}) before listening`)))
  })
  return {
    n,
    url,
    pid: child.pid!,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000)
      child.kill('SIGTERM')
      await exited
      clearTimeout(force)
    },
  }
}
