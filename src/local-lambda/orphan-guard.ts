import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import type { Writable } from 'node:stream'

/**
 * A watchdog process that ends the environments if the local Lambda itself
 * dies without stopping them (kill -9): frozen with SIGSTOP, they would
 * otherwise stay forever. It learns each environment's pid on its stdin, and
 * when that pipe closes (its parent is gone, however it went) it SIGKILLs the
 * pids still listed and removes the folder it was given (the environments'
 * /tmp folders, which a killed parent cannot remove), unless the parent said
 * `.` first (it closed normally and cleans up itself). Nothing polls: the
 * closed pipe is the event.
 */
const WATCHDOG = `
const pids = new Set()
const folder = process.argv[1]
let released = false
let pending = ''
process.stdin.on('data', (chunk) => {
  pending += chunk
  let end
  while ((end = pending.indexOf('\\n')) >= 0) {
    const line = pending.slice(0, end)
    pending = pending.slice(end + 1)
    if (line === '.') released = true
    else if (line[0] === '+') pids.add(Number(line.slice(1)))
    else pids.delete(Number(line.slice(1)))
  }
})
process.stdin.on('end', () => {
  for (const pid of pids) try { process.kill(pid, 'SIGKILL') } catch {}
  if (folder && !released) try { require('node:fs').rmSync(folder, { recursive: true, force: true, maxRetries: 5 }) } catch {}
  process.exit(0)
})
`

export class OrphanGuard {
  private readonly child: ChildProcess
  private readonly input: Writable & { unref?: () => void }

  /** `folder`: removed if this process dies without close(). */
  constructor(folder?: string) {
    this.child = spawn(process.execPath, ['-e', WATCHDOG, ...(folder ? [folder] : [])], { stdio: ['pipe', 'ignore', 'ignore'] })
    this.input = this.child.stdin!
    // Neither the watchdog nor its pipe keeps this process alive.
    this.child.unref()
    ;(this.input as unknown as { unref(): void }).unref()
    this.input.on('error', () => {})
  }

  /** Lists an environment's process until it exits. */
  watch(proc: ChildProcess): void {
    if (proc.pid === undefined) return
    const pid = proc.pid
    this.input.write(`+${pid}\n`)
    proc.once('exit', () => {
      if (this.input.writable) this.input.write(`-${pid}\n`)
    })
  }

  /** Ends the watchdog (every environment is already stopped; the caller removes its folder). */
  close(): void {
    if (this.input.writable) this.input.write('.\n')
    this.input.end()
  }
}
