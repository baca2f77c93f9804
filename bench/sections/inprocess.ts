import { Bench } from 'tinybench'
import { createApp } from '../../handler/app.ts'
import { openBetterSqliteStore } from '../../src/store/better-sqlite3.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import type { StepStore } from '../../src/store/step-store.ts'
import { workingCopy, USERS, DAYS } from '../lib/steps-db.ts'
import { fmtInt, fmtMs } from '../lib/format.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'

/** A cheap deterministic spread of users and days, so lookups cover the whole table. */
function picker(): { user(): number; day(): number; hour(): number } {
  let x = 12345
  const next = () => (x = (x * 1103515245 + 12345) & 0x7fffffff)
  return { user: () => (next() % USERS) + 1, day: () => (next() % DAYS) + 1, hour: () => next() % 24 }
}

interface Measured {
  name: string
  opsPerSec: number
  p99Ms: number
  samples: number
}

async function measure(tasks: Record<string, () => unknown>, timeMs: number): Promise<Measured[]> {
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(200, timeMs / 2) })
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn as () => Promise<void>)
  await bench.run()
  return bench.tasks.map((t) => {
    const r = t.result as { latency?: { mean: number; p99: number; samplesCount: number } }
    if (!r.latency) throw new Error(`${t.name}: ${JSON.stringify(t.result).slice(0, 200)}`)
    return { name: t.name, opsPerSec: 1000 / r.latency.mean, p99Ms: r.latency.p99, samples: r.latency.samplesCount }
  })
}

/** The routes of the handler comparison through app.request(): Hono with a Web Request, no socket. */
function appTasks(store: StepStore): Record<string, () => Promise<void>> {
  const app = createApp({ store, runtime: 'node', logError: () => {} })
  const p = picker()
  const call = async (path: string, method = 'GET') => {
    const res = await app.request(path, { method })
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status}`)
    await res.arrayBuffer()
  }
  return {
    'app.request GET /myresource': () => call('/myresource'),
    'app.request POST /:u/:d/:i/:s': () => call(`/${p.user()}/${p.day()}/${p.hour()}/100`, 'POST'),
    'app.request GET /current/:u': () => call(`/current/${p.user()}`),
  }
}

function storeTasks(store: StepStore, label: string): Record<string, () => unknown> {
  const p = picker()
  return {
    [`${label} record`]: () => store.record(p.user(), p.day(), p.hour(), 100),
    [`${label} current`]: () => store.current(p.user()),
    [`${label} day`]: () => store.day(p.user(), p.day()),
    [`${label} range (7 days)`]: () => store.range(p.user(), 1, 7),
  }
}

/** The memory store seeded like the database: every user has DAYS days. */
async function seededMemoryStore(): Promise<StepStore> {
  const store = createMemoryStore()
  for (let user = 1; user <= USERS; user++) for (let day = 1; day <= DAYS; day++) await store.record(user, day, (user + day) % 24, 100)
  return store
}

/** node:sqlite exists from Node 22.5; on older Nodes this section says so and goes on. */
async function nodeSqliteStore(file: string): Promise<StepStore | string> {
  try {
    const { openNodeSqliteStore } = await import('../../src/store/node-sqlite.ts')
    return openNodeSqliteStore(file)
  } catch (err) {
    return `node:sqlite unavailable on Node ${process.version} (${err instanceof Error ? err.message.split('\n')[0] : err})`
  }
}

function toRow(m: Measured, store: string): Row {
  return { section: 'in-process', case: m.name, a: `${fmtInt(m.opsPerSec)} ops/s, p99 ${fmtMs(m.p99Ms)}`, b: store }
}

export async function inprocessSection(opts: BenchOptions): Promise<SectionResult> {
  const timeMs = opts.quick ? 300 : 1000
  const rows: Row[] = []
  const data: Measured[] = []
  const record = (results: Measured[], store: string) => {
    for (const m of results) rows.push(toRow(m, store))
    data.push(...results)
  }
  const sqliteDb = workingCopy()
  const nodeDb = workingCopy()
  const sqlite = openBetterSqliteStore(sqliteDb.file)
  try {
    record(await measure(appTasks(sqlite), timeMs), 'better-sqlite3, 1M records')
    record(await measure(storeTasks(sqlite, 'store better-sqlite3'), timeMs), 'file, WAL, synchronous=NORMAL')
    const memory = await seededMemoryStore()
    record(await measure(storeTasks(memory, 'store memory'), timeMs), `memory, ${fmtInt(USERS * DAYS)} records`)
    await memory.close()
    const nodeSqlite = await nodeSqliteStore(nodeDb.file)
    if (typeof nodeSqlite === 'string') {
      console.log(`bench: in-process: skipping node:sqlite: ${nodeSqlite}`)
      rows.push({ section: 'in-process', case: 'store node:sqlite', a: 'skipped', note: nodeSqlite })
    } else {
      record(await measure(storeTasks(nodeSqlite, 'store node:sqlite'), timeMs), 'file, WAL, synchronous=NORMAL')
      await nodeSqlite.close()
    }
  } finally {
    await sqlite.close()
    sqliteDb.remove()
    nodeDb.remove()
  }
  return { rows, data }
}
