import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'

export interface Child {
  url: string
  process: ChildProcess
  output(): string
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * Starts a server command as a child process and waits for the line that
 * announces its URL (`... listening on http://host:port ...`), so PORT=0 can
 * pick a free port without a race.
 */
export async function startServer(command: string, args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<Child> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no "listening on" line within ${timeoutMs} ms:\n${output}`)), timeoutMs)
    const fail = (err: Error) => { clearTimeout(timer); child.kill('SIGKILL'); reject(err) }
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+?)[\s,)]/.exec(output)
      if (match) { clearTimeout(timer); resolve(match[1].replace('0.0.0.0', '127.0.0.1')) }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => fail(new Error(`exited with ${code} before listening:\n${output}`)))
  })
  return {
    url,
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      // A child ended by a signal has exitCode null and signalCode set: it will not exit again.
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      const exited = once(child, 'exit')
      child.kill(signal)
      const [code] = await exited
      return code as number | null
    },
  }
}
