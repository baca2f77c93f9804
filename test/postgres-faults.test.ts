import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { startServer, type Child } from './helpers/node-child.ts'
import { postgresMissing, startTestPostgres } from './helpers/test-postgres.ts'
import type { TestPostgres } from './helpers/test-postgres.ts'

const test = suite('postgres-faults', { deadline: 300, missing: await postgresMissing() })

/**
 * The Node service on Postgres while the database crashes and comes back:
 * requests answer 503 with Retry-After (never 500, never a hang), the service
 * recovers by itself, and no acknowledged write is lost.
 */
let pg: TestPostgres
test.before(async () => {
  pg = await startTestPostgres('edgeload-faults-pg-')
})

interface Outcome { status: number | 'no answer'; retryAfter: string | null }

async function post(url: string): Promise<Outcome> {
  try {
    // Far beyond DB_TIMEOUT_MS: only a hang would reach it.
    const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(20_000) })
    await res.arrayBuffer()
    return { status: res.status, retryAfter: res.headers.get('retry-after') }
  } catch {
    return { status: 'no answer', retryAfter: null }
  }
}

function count(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1
  return counts
}

let child: Child | undefined

test('a database crash under load: 503s, then recovery without a restart, and every acknowledged write kept', async () => {
  child = await startServer(process.execPath, ['--import', 'tsx', 'handler/node.ts'], {
    PORT: '0', HOST: '127.0.0.1', DATABASE_URL: pg.url, DB_TIMEOUT_MS: '2000', DB_POOL_MAX: '4',
  })
  const url = `${child.url}/31/1/0/1`
  const before = await Promise.all(Array.from({ length: 100 }, () => post(url)))
  assert.ok(before.every((o) => o.status === 200), 'all writes succeed while the database is up')

  const outcomes: Outcome[] = []
  let phase: 'load' | 'stopping' = 'load'
  let waiting: { done(): boolean; resolve(): void } | undefined
  // Eight clients writing one after another until told to stop (bounded: 4,000 requests at most each).
  const clients = Array.from({ length: 8 }, async () => {
    for (let i = 0; i < 4000 && phase === 'load'; i++) {
      outcomes.push(await post(url))
      if (waiting?.done()) waiting.resolve()
    }
  })
  /** Resolves at the answer that makes `done` true; fails if the clients stop first. */
  const waitFor = async (what: string, done: () => boolean) => {
    const reached = done() || await Promise.race([
      new Promise<boolean>((resolve) => (waiting = { done, resolve: () => resolve(true) })),
      Promise.all(clients).then(() => done()),
    ])
    waiting = undefined
    assert.ok(reached, `${what}; answers so far: ${JSON.stringify(count(outcomes))}\n${child!.output().slice(-2000)}`)
  }
  try {
    await waitFor('some writes before the crash', () => outcomes.length >= 50)
    await pg.server.stop('immediate') // as a crash: recovery from the WAL at the next start
    const crashedAt = outcomes.length
    await waitFor('503s while the database is down', () => outcomes.slice(crashedAt).filter((o) => o.status === 503).length >= 20)
    await pg.server.start()
    const restartedAt = outcomes.length
    await waitFor('writes succeed again once the database is back', () => outcomes.slice(restartedAt).filter((o) => o.status === 200).length >= 50)
  } finally {
    phase = 'stopping'
    await Promise.all(clients)
  }

  const statuses = new Set(outcomes.map((o) => o.status))
  assert.equal([...statuses].sort(), [200, 503], 'only 200 and 503: no 500, no request without an answer')
  assert.ok(outcomes.filter((o) => o.status === 503).every((o) => o.retryAfter === '2'), 'every 503 carries Retry-After')

  const acknowledged = before.length + outcomes.filter((o) => o.status === 200).length
  const sent = before.length + outcomes.length
  const stored = Number(await (await fetch(`${child.url}/single/31/1`)).text())
  assert.ok(stored >= acknowledged, `every acknowledged write is stored (${stored} stored, ${acknowledged} acknowledged)`)
  assert.ok(stored <= sent, `nothing is stored twice (${stored} stored, ${sent} sent)`)
  assert.ok(!child.output().includes(decodeURIComponent(new URL(pg.url).password)), 'the logs never show the password')
  assert.match(child.output(), /database unavailable \(postgres:\/\/edgeload@127\.0\.0\.1:\d+\/edgeload\)/)
  assert.match(child.output(), /database reachable again/)
})

test.after(async () => {
  await child?.stop('SIGTERM')
  await pg?.remove()
})
test.run()
