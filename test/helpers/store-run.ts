import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import * as assert from 'uvu/assert'
import { STORE_CASES } from './store-cases.ts'
import { REOPEN_CASE, RESULT_MARKER } from '../runtimes/run-store-cases.ts'
import type { StoreRun } from '../runtimes/run-store-cases.ts'

const run = promisify(execFile)
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Runs a test/runtimes script in another runtime and reads the results it printed. */
export async function storeRunOf(command: string, args: string[], env?: Record<string, string>): Promise<StoreRun> {
  const options = { cwd: ROOT, timeout: 60_000, maxBuffer: 4 << 20, env: env ? { ...process.env, ...env } : process.env }
  const { stdout, stderr } = await run(command, args, options).catch((error) => {
    throw new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`)
  })
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER))
  if (!line) throw new Error(`no results printed by ${command} ${args.join(' ')}\n${stdout}\n${stderr}`)
  return JSON.parse(line.slice(RESULT_MARKER.length)) as StoreRun
}

/** Every case of the one suite ran, and passed, in that runtime. */
export function assertStoreRunPassed(storeRun: StoreRun, runtime: RegExp, store: string): void {
  assert.match(storeRun.runtime, runtime)
  assert.is(storeRun.store, store)
  assert.equal(storeRun.results.map((r) => r.name), [...STORE_CASES.map((c) => c.name), REOPEN_CASE], 'every case ran')
  const failures = storeRun.results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`)
  assert.equal(failures, [], `${storeRun.runtime}:\n${failures.join('\n\n')}`)
}
