import type { StepStore } from '../../src/store/step-store.ts'
import { STORE_CASES, checkReopenKeepsData } from './store-cases.ts'
import { suite } from './suite.ts'

export interface StoreFactory {
  /** Why the driver cannot run on this machine (a missing tool): every case is then skipped. */
  missing?: string
  /** Runs once before the cases (e.g. starts the server), inside the suite's deadline. */
  before?(): Promise<void> | void
  /** A fresh, empty store. */
  fresh(): Promise<StepStore> | StepStore
  /** For persistent drivers: opens the same database again each call. */
  reopenable?(): () => Promise<StepStore> | StepStore
  cleanup?(): Promise<void> | void
}

/** Registers and runs the one conformance suite for a driver under uvu. */
export function storeConformance(driver: string, factory: StoreFactory): void {
  const test = suite(`store conformance: ${driver}`, { deadline: 300, missing: factory.missing })
  if (factory.before) test.before(factory.before)
  for (const c of STORE_CASES) {
    test(c.name, async () => {
      const store = await factory.fresh()
      try {
        await c.run(store)
      } finally {
        await store.close()
      }
    })
  }
  const reopenable = factory.reopenable
  if (reopenable) test('reopening the database keeps its data', () => checkReopenKeepsData(reopenable()))
  if (factory.cleanup) test.after(factory.cleanup)
  test.run()
}
