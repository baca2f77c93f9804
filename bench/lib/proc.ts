import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { pinned } from './cpus.ts'

/** A child process the bench started, with its first announced JSON line. */
export interface Child<T> {
  process: ChildProcess
  ready: T
  stop(): Promise<void>
}

export interface SpawnOptions {
  core?: number
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** How long the child may take to announce itself. */
  readyTimeoutMs?: number
}

/** Runs a TypeScript file under tsx in a child Node (so each side has its own process and core). */
export function nodeArgs(file: string, extra: readonly string[] = [], nodeFlags: readonly string[] = []): [string, string[]] {
  return [process.execPath, [...nodeFlags, '--import', 'tsx', file, ...extra]]
}

/**
 * Starts a child that prints one JSON line on stdout once it is ready
 * (e.g. `{"port":1234}`), and resolves with that object.
 */
export function spawnReady<T>(command: string, args: readonly string[], opts: SpawnOptions = {}): Promise<Child<T>> {
  const [cmd, argv] = pinned(opts.core, command, args)
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'], env: opts.env ?? process.env, cwd: opts.cwd })
  const lines = createInterface({ input: child.stdout! })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${args.join(' ')}: not ready in time`)), opts.readyTimeoutMs ?? 30_000)
    function fail(err: Error): void {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(err)
    }
    child.once('exit', (code) => fail(new Error(`${args.join(' ')} exited (${code}) before it was ready`)))
    lines.once('line', (line) => {
      clearTimeout(timer)
      child.removeAllListeners('exit')
      child.stdout!.resume()
      try {
        resolve({ process: child, ready: JSON.parse(line) as T, stop: () => stopChild(child) })
      } catch {
        fail(new Error(`${args.join(' ')}: unexpected first line ${JSON.stringify(line)}`))
      }
    })
  })
}

/** SIGTERM, then SIGKILL if the child lingers. */
export function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command to completion, collecting its output. */
export function run(command: string, args: readonly string[], opts: SpawnOptions & { timeoutMs?: number } = {}): Promise<RunResult> {
  const [cmd, argv] = pinned(opts.core, command, args)
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env, cwd: opts.cwd })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => {
      if (timer) clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** Peak resident set size (VmHWM) of a live process, in bytes; NaN when unreadable. */
export function peakRss(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : Number.NaN
  } catch {
    return Number.NaN
  }
}
