/**
 * steps: the course's later workload, on the step-counter API.
 *
 * Models a population of step-counter users (100,000 by default) uploading hourly step counts
 * while others read totals. Each iteration: POST a record for user A, POST for user B, GET the
 * current-day total of A, GET B's total for the day, POST for user C; users, day, hour and
 * steps are drawn with ctx.random (replay a run with --seed). As in the course's client, the
 * next phase starts once half of the current phase's threads are done (startNext: 0.5), so
 * phases overlap. Requests are grouped by route (`name`), not by URL.
 *
 *   node runner --scenario steps.ts
 *   node runner --scenario steps.ts --target http://localhost:8080 --threads 64 --env USERS=1000000
 */
import type { IterationContext, Scenario } from '../src/load/scenario.ts'

const POST_STEPS = { name: '/:userId/:day/:interval/:steps', responseType: 'none' } as const
const CURRENT = { name: '/current/:userId' } as const
const SINGLE = { name: '/single/:userId/:day' } as const

/** 1..n from the thread's seeded random stream. */
function pick(ctx: IterationContext, n: number): number {
  return 1 + Math.floor(ctx.random() * n)
}

export default {
  name: 'steps',
  threads: 32,
  iterations: 100,
  phases: [
    { name: 'Warmup', threads: 0.1, startNext: 0.5 },
    { name: 'Loading', threads: 0.5, startNext: 0.5 },
    { name: 'Peak', threads: 1.0, startNext: 0.5 },
    { name: 'Cooldown', threads: 0.25 },
  ],
  thresholds: {
    http_req_failed: ['rate<0.01'],
  },
  async iteration(http, ctx) {
    const users = Number(ctx.env.USERS ?? 100_000)
    const days = Number(ctx.env.DAYS ?? 30)
    const day = pick(ctx, days)
    const [a, b, c] = [pick(ctx, users), pick(ctx, users), pick(ctx, users)]
    const record = (user: number) =>
      http.post(`/${user}/${day}/${pick(ctx, 24) - 1}/${pick(ctx, 5000)}`, undefined, POST_STEPS)
    await record(a)
    await record(b)
    await http.get(`/current/${a}`, CURRENT)
    await http.get(`/single/${b}/${day}`, SINGLE)
    await record(c)
  },
} satisfies Scenario
