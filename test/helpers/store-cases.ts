import * as assert from 'uvu/assert'
import type { StepStore } from '../../src/store/step-store.ts'

/**
 * The StepStore contract as runtime-neutral cases (only uvu/assert), so the
 * same list runs under Node, Deno, Bun and against D1. Each case gets a fresh,
 * empty store.
 */
export interface StoreCase {
  name: string
  run(store: StepStore): Promise<void>
}

export const STORE_CASES: readonly StoreCase[] = [
  {
    name: 'an unknown user has no current, day or range',
    async run(store) {
      assert.is(await store.current(1), undefined)
      assert.is(await store.day(1, 1), undefined)
      assert.is(await store.range(1, 1, 3), undefined)
    },
  },
  {
    name: 'posts for the same hour add up',
    async run(store) {
      await store.record(7, 3, 10, 100)
      await store.record(7, 3, 10, 250)
      assert.is(await store.day(7, 3), 350)
    },
  },
  {
    name: 'a day totals all of its hours',
    async run(store) {
      for (let hour = 0; hour < 24; hour++) await store.record(8, 1, hour, hour)
      assert.is(await store.day(8, 1), 276)
    },
  },
  {
    name: 'current is the total of the most recent day, whatever the order of posts',
    async run(store) {
      await store.record(9, 5, 1, 50)
      await store.record(9, 2, 1, 20)
      await store.record(9, 5, 2, 5)
      await store.record(9, 4, 1, 40)
      assert.is(await store.current(9), 55)
    },
  },
  {
    name: 'a day without records is 0 for a known user',
    async run(store) {
      await store.record(10, 1, 0, 1)
      assert.is(await store.day(10, 2), 0)
    },
  },
  {
    name: 'range spreads daily totals with zeros for empty days',
    async run(store) {
      await store.record(11, 2, 0, 10)
      await store.record(11, 4, 5, 40)
      await store.record(11, 4, 6, 2)
      await store.record(11, 9, 0, 99)
      assert.equal(await store.range(11, 1, 5), [0, 10, 0, 42, 0])
      assert.equal(await store.range(11, 100, 2), [0, 0])
    },
  },
  {
    name: 'users do not see each other\'s steps',
    async run(store) {
      await store.record(1, 1, 1, 5)
      await store.record(2, 1, 1, 7)
      assert.is(await store.day(1, 1), 5)
      assert.is(await store.day(2, 1), 7)
      assert.is(await store.current(3), undefined)
    },
  },
  {
    name: 'zero steps still make the user known',
    async run(store) {
      await store.record(12, 1, 0, 0)
      assert.is(await store.current(12), 0)
      assert.equal(await store.range(12, 1, 1), [0])
    },
  },
  {
    name: 'the extremes of every range are stored exactly',
    async run(store) {
      await store.record(2_147_483_647, 36_500, 23, 100_000)
      await store.record(2_147_483_647, 36_500, 23, 100_000)
      assert.is(await store.current(2_147_483_647), 200_000)
      assert.equal(await store.range(2_147_483_647, 36_500, 366), [200_000, ...new Array(365).fill(0)])
    },
  },
  {
    name: 'concurrent records for one hour lose nothing',
    async run(store) {
      await Promise.all(Array.from({ length: 200 }, () => store.record(13, 1, 1, 3)))
      assert.is(await store.day(13, 1), 600)
    },
  },
  {
    name: 'the store names itself',
    async run(store) {
      assert.type(store.name, 'string')
      assert.ok(store.name.length > 0)
    },
  },
]

/** Writes through one store, then checks a second store on the same database still has it. */
export async function checkReopenKeepsData(open: () => Promise<StepStore> | StepStore): Promise<void> {
  const first = await open()
  await first.record(21, 3, 4, 1234)
  await first.record(21, 4, 0, 1)
  await first.close()
  const second = await open()
  try {
    assert.is(await second.day(21, 3), 1234)
    assert.is(await second.current(21), 1)
    await second.record(21, 4, 0, 2)
    assert.is(await second.current(21), 3)
  } finally {
    await second.close()
  }
}
