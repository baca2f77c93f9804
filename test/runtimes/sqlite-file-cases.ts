import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StepStore } from '../../src/store/step-store.ts'
import { RESULT_MARKER, runStoreCases } from './run-store-cases.ts'

/**
 * Runs the store cases on SQLite files in a temp dir (one file per case, the
 * reopen check on one more) and prints the results behind RESULT_MARKER.
 */
export async function printFileStoreRun(runtime: string, open: (file: string) => StepStore): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'edgeload-store-'))
  let n = 0
  try {
    const results = await runStoreCases(() => open(join(dir, `case-${n++}.db`)), () => {
      const file = join(dir, 'reopened.db')
      return () => open(file)
    })
    const probe = open(':memory:')
    const store = probe.name
    await probe.close()
    console.log(RESULT_MARKER + JSON.stringify({ runtime, store, results }))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
