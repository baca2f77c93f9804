/**
 * Runs `node runner ...` as a child process, as a user would, and collects its exit code and
 * output; or starts it and waits for a line, for tests that send signals.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = fileURLToPath(new URL('../../', import.meta.url))

export interface RunnerExit {
  code: number | null
  stdout: string
  stderr: string
}

export interface StartedRunner {
  child: ChildProcess
  readonly stdout: string
  /** Resolves once stdout matches `pattern`; rejects if the runner exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>
  /** Resolves when the runner has exited and its output is all read; kills it after `timeoutMs`. */
  exit(timeoutMs?: number): Promise<RunnerExit>
  /** SIGKILL if still running: for a test's `finally`, so a failed assertion never leaves a runner behind. */
  kill(): void
}

let testHome: string | undefined

/**
 * The run history (EDGELOAD_HOME) every runner a test starts saves to: one temp folder per test
 * process, removed when it exits, so tests never write `.edgeload/` into the repository.
 */
export function testHistoryHome(): string {
  if (!testHome) {
    const home = (testHome = mkdtempSync(join(tmpdir(), 'edgeload-history-')))
    process.once('exit', () => rmSync(home, { recursive: true, force: true }))
  }
  return testHome
}

export interface RunnerSpawnOptions {
  cwd?: string
  timeoutMs?: number
  /** Added to the child's environment (over the test's own, and over the temp EDGELOAD_HOME). */
  env?: Record<string, string>
}

export function runRunner(args: string[], options: RunnerSpawnOptions = {}): Promise<RunnerExit> {
  return startRunner(args, options.cwd, options.env).exit(options.timeoutMs)
}

export function startRunner(args: string[], cwd = REPO, env: Record<string, string> = {}): StartedRunner {
  const child = spawn(process.execPath, [join(REPO, 'runner'), ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The test process runs with --import tsx; the runner must register tsx on its own.
    env: { ...process.env, NODE_OPTIONS: '', EDGELOAD_HOME: testHistoryHome(), ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
  let exited = false
  child.once('close', () => (exited = true))

  return {
    child,
    get stdout() {
      return stdout
    },
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(stdout)) finish()
          else if (exited) finish(new Error(`runner exited before printing ${pattern}:\n${stdout}\n${stderr}`))
        }
        const timer = setTimeout(() => finish(new Error(`no ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs)
        const finish = (error?: Error) => {
          clearTimeout(timer)
          child.stdout!.off('data', check)
          child.off('close', check)
          if (error) reject(error)
          else resolve()
        }
        // Listeners added after the output collector's, so `stdout` already holds the new chunk.
        child.stdout!.on('data', check)
        child.once('close', check)
        check()
      }),
    async exit(timeoutMs = 60_000) {
      const limit = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      const code = await closed
      clearTimeout(limit)
      return { code, stdout, stderr }
    },
    kill() {
      if (!exited) child.kill('SIGKILL')
    },
  }
}
