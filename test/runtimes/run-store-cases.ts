import type { StepStore } from '../../src/store/step-store.ts'
import { STORE_CASES, checkReopenKeepsData } from '../helpers/store-cases.ts'

/** One store case's outcome, as data a Node test can assert after another runtime ran it. */
export interface CaseResult {
  name: string
  ok: boolean
  error?: string
}

export interface StoreRun {
  /** The runtime that ran the cases, with its version, e.g. "deno 2.9.6". */
  runtime: string
  store: string
  results: CaseResult[]
}

export const REOPEN_CASE = 'reopening the database keeps its data'

/** Results are printed on one line behind this marker, apart from any runtime warnings. */
export const RESULT_MARKER = 'STORE-CONFORMANCE '

type Open = () => Promise<StepStore> | StepStore

/**
 * Runs the conformance cases (test/helpers/store-cases.ts, runtime-neutral) in
 * whatever runtime imports this file, without uvu's runner: each case on a fresh
 * store, then the reopen check when the driver persists.
 */
export async function runStoreCases(fresh: Open, reopenable?: () => Open): Promise<CaseResult[]> {
  const results: CaseResult[] = []
  for (const c of STORE_CASES) {
    results.push(await outcome(c.name, async () => {
      const store = await fresh()
      try {
        await c.run(store)
      } finally {
        await store.close()
      }
    }))
  }
  if (reopenable) results.push(await outcome(REOPEN_CASE, () => checkReopenKeepsData(reopenable())))
  return results
}

async function outcome(name: string, run: () => Promise<void>): Promise<CaseResult> {
  try {
    await run()
    return { name, ok: true }
  } catch (error) {
    return { name, ok: false, error: describe(error) }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const assertion = error as Error & { actual?: unknown; expected?: unknown }
  const values = 'expected' in assertion ? ` (expected ${JSON.stringify(assertion.expected)}, got ${JSON.stringify(assertion.actual)})` : ''
  return `${error.message}${values}\n${(error.stack ?? '').split('\n').slice(1, 4).join('\n')}`
}
