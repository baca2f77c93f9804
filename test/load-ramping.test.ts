import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { RampArrivals } from '../src/load/executors/ramping-rate.ts'
import { runAgainst } from './helpers/engine-run.ts'
import { httpServer, type TestServer } from './helpers/load-servers.ts'

const test = suite('load-ramping', { deadline: 120 })

let fast: TestServer
test.before(async () => {
  fast = await httpServer()
})
test.after(async () => {
  await fast.close()
})

/** How many distinct threads ran an iteration in each 250 ms slot. */
function threadsPerSlot(starts: { vu: number; atMs: number }[], slotMs: number): number[] {
  const slots: Set<number>[] = []
  for (const { vu, atMs } of starts) (slots[Math.floor(atMs / slotMs)] ??= new Set()).add(vu)
  return Array.from(slots, (set) => set?.size ?? 0)
}

test('ramping threads follow the stages linearly, up and down, against a real server', async () => {
  const starts: { vu: number; atMs: number }[] = []
  const t0 = performance.now()
  const { summary } = await runAgainst(fast.url, {
    stages: [{ duration: '1s', target: 8 }, { duration: '1s', target: 8 }, { duration: '1s', target: 0 }],
    async iteration(http, ctx) {
      starts.push({ vu: ctx.vu, atMs: performance.now() - t0 })
      await http.get('/')
      await ctx.sleep(20)
    },
  })
  // Slots count from the first iteration (the ramp's first thread starts at once), not from
  // before the run: loading and connecting take a loaded machine's time first.
  const first = starts[0]!.atMs
  const slots = threadsPerSlot(starts.map((s) => ({ vu: s.vu, atMs: s.atMs - first })), 250)
  // Stated tolerance: within 2 threads of the ramp's value in the middle of each 250 ms slot.
  const expected = [1, 3, 5, 7, 8, 8, 8, 8, 7, 5, 3, 1]
  expected.forEach((want, i) => assert.ok(Math.abs((slots[i] ?? 0) - want) <= 2, `slot ${i}: ${slots[i]} threads, ramp says ${want} (${slots.join(',')})`))
  assert.is(summary.phases[0]!.threads, 8)
  assert.is(summary.phases[0]!.executor, 'ramping-threads')
  // The per-second series carries the active thread count (k6's vus).
  assert.ok(summary.series.some((row) => row.vus >= 6), JSON.stringify(summary.series))
})

test('a thread ramped down finishes its iteration; past gracefulRampDown it is cut', async () => {
  let finished = 0
  let cut = 0
  const slow = await httpServer((_req, res) => setTimeout(() => res.end('ok'), 600))
  try {
    await runAgainst(slow.url, {
      phases: [{ name: 'Ramp', kind: 'ramping-vus', startVUs: 2, stages: [{ duration: '100ms', target: 0 }, { duration: '1s', target: 0 }], gracefulRampDown: '200ms' }],
      async iteration(http) {
        const res = await http.get('/')
        if (res.ok) finished++
        else if (res.error === 'aborted') cut++
      },
    })
  } finally {
    await slow.close()
  }
  assert.equal([finished, cut], [0, 2])
})

test('arrivals of a ramping rate are solved exactly per stage', () => {
  const ramp = new RampArrivals(0, [{ ms: 2000, target: 100 }, { ms: 1000, target: 100 }])
  // 0 -> 100/s over 2 s is 100 arrivals, then 100 more at 100/s.
  assert.is(ramp.total, 200)
  assert.ok(Math.abs(ramp.at(25) - 1000) < 1e-6, `arrival 25 at ${ramp.at(25)} ms: the integral t²/40 reaches 25 at 1 s`)
  assert.ok(Math.abs(ramp.at(100) - 2000) < 1e-6)
  assert.ok(Math.abs(ramp.at(150) - 2500) < 1e-6)
  const down = new RampArrivals(50, [{ ms: 1000, target: 0 }])
  assert.is(down.total, 25)
  for (let n = 1; n < 25; n++) assert.ok(down.at(n) > down.at(n - 1))
})

test('a ramping arrival rate starts its iterations on the ramp, against a real server', async () => {
  const starts: number[] = []
  const t0 = performance.now()
  const { summary } = await runAgainst(fast.url, {
    phases: [{ name: 'Ramp', kind: 'ramping-arrival-rate', startRate: 0, stages: [{ duration: '2s', target: 100 }], preAllocatedVUs: 5, maxVUs: 20 }],
    async iteration(http) {
      starts.push(performance.now() - t0)
      await http.get('/')
    },
  })
  assert.is(summary.phases[0]!.iterations, 100)
  // From the first arrival (about 6 ms into the ramp), not from before the run started.
  const firstSecond = starts.filter((t) => t - starts[0]! < 1000).length
  // The integral says 25 in the first second and 75 in the second; allow for timer slack.
  assert.ok(firstSecond >= 18 && firstSecond <= 32, `${firstSecond} in the first second`)
})

test('shared iterations: exactly the total, shared by whichever thread is free', async () => {
  const byVu = new Map<number, number>()
  const { summary } = await runAgainst(fast.url, {
    phases: [{ name: 'Shared', kind: 'shared-iterations', iterations: 37 }],
    threads: 4,
    async iteration(http, ctx) {
      byVu.set(ctx.vu, (byVu.get(ctx.vu) ?? 0) + 1)
      await http.get('/')
    },
  })
  assert.is(summary.overall.requests, 37)
  assert.is([...byVu.values()].reduce((a, b) => a + b, 0), 37)
  assert.is(byVu.size, 4)
})

test.run()
