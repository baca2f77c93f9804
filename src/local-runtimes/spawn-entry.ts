import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import type { LocalServer } from './local-server.ts'

export interface EntryCommand {
  runtime: string
  command: string
  args: string[]
  cwd: string
  env: Record<string, string>
  /** How long the entry may take to print its listening line. */
  startTimeoutMs?: number
}

/** Every entry prints this once it accepts connections (handler/node.ts, deno.ts, bun.ts). */
const LISTENING = /listening on (http:\/\/\S+)/

/**
 * Starts an entry file as a child process and resolves with its URL once it
 * prints its listening line. Readiness comes from the log, not from a probe
 * request, so the first request a test sends is the server's first response
 * (the one that carries X-Cold-Start).
 */
export function spawnEntry(entry: EntryCommand): Promise<LocalServer> {
  const child = spawn(entry.command, entry.args, {
    cwd: entry.cwd,
    env: { ...process.env, ...entry.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = tailOf(child)
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${entry.runtime} entry did not start: ${why}\n${output()}`))
    }
    const timer = setTimeout(() => fail(`no listening line within ${entry.startTimeoutMs ?? 20_000} ms`), entry.startTimeoutMs ?? 20_000)
    child.once('error', (error) => fail(error.message))
    child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`))
    child.stdout!.on('data', function onData() {
      const match = LISTENING.exec(output())
      if (!match) return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      child.stdout!.off('data', onData)
      resolve({ runtime: entry.runtime, url: match[1].replace(/\/$/, ''), close: () => stopChild(child) })
    })
  })
}

/** Keeps reading both pipes (a full pipe would block the child) and remembers the last few KiB. */
function tailOf(child: ChildProcess): () => string {
  let text = ''
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-8192)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  return () => text
}

/** SIGTERM (the entries close gracefully on it), SIGKILL after 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
