import { ensureTool } from '../lib/tools.ts'
import { coreLayout } from '../lib/cpus.ts'
import { nodeArgs, spawnReady, type Child } from '../lib/proc.ts'
import { workingCopy, USERS, DAYS, RECORDS } from '../lib/steps-db.ts'
import { benchPostgres } from '../lib/steps-pg.ts'
import { runWrk } from '../lib/wrk.ts'
import { runAutocannon } from '../lib/autocannon.ts'
import { describeContender, pairedRatio, sideBySide, type ContenderSummary } from '../lib/side-by-side.ts'
import type { LoadResult } from '../lib/load-result.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'

const TARGET_RATIO = 0.9
/** Issue 21: the hardened app at this share of the trivial server at least. */
const TRIVIAL_TARGET = 0.9
/** What the guard, the Host and target rules and the API's answer may cost over a bare one-route Hono. */
const BARE_TARGET = 0.95

/** A benchmarked route: how wrk shapes it (a Lua script for varying paths) and a fixed fallback. */
interface RouteCase {
  name: string
  method: 'GET' | 'POST'
  path: string
  script?: string
  /** Its own target against the same-work server (issue 21: the request guard must cost under 5% there). */
  target?: number
}

const MYRESOURCE: RouteCase = { name: 'GET /myresource', method: 'GET', path: '/myresource', target: 0.95 }

const ROUTES: RouteCase[] = [
  MYRESOURCE,
  { name: 'POST /:u/:d/:i/:s', method: 'POST', path: '/1/1/1/1', script: 'post-steps.lua' },
  { name: 'GET /current/:u', method: 'GET', path: '/current/1', script: 'current.lua' },
]

type Generator = (url: string, route: RouteCase, durationS: number) => Promise<LoadResult>

/** wrk when it can be had (random users and days per request); else autocannon on one fixed path. */
function pickGenerator(connections: number): { name: string; run: Generator } {
  const wrk = ensureTool('wrk', 'wrk')
  const core = coreLayout().generator
  const env = { BENCH_USERS: String(USERS), BENCH_DAYS: String(DAYS) }
  if (wrk.ok) {
    return { name: 'wrk', run: (url, r, durationS) => runWrk({ binary: wrk.path, url: url + r.path, script: r.script, connections, durationS, core, env }) }
  }
  console.log(`bench: handler: wrk unavailable (${wrk.reason}); using autocannon on fixed paths`)
  return { name: 'autocannon', run: (url, r, durationS) => runAutocannon({ url: url + r.path, method: r.method, connections, durationS, core }) }
}

function startServer(file: string, db: string, databaseUrl?: string): Promise<Child<{ port: number }>> {
  const [cmd, args] = nodeArgs(new URL(`../servers/${file}`, import.meta.url).pathname, [db])
  const env = databaseUrl ? { ...process.env, BENCH_DATABASE_URL: databaseUrl } : process.env
  return spawnReady<{ port: number }>(cmd, args, { core: coreLayout().target, env })
}

/** Each route must answer 200 on both servers, or the benchmark would time error pages. */
async function checkRoutes(urls: Record<string, string>): Promise<void> {
  for (const [name, url] of Object.entries(urls)) {
    for (const r of ROUTES) {
      const res = await fetch(url + r.path, { method: r.method })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`${name} answered ${res.status} to ${r.method} ${r.path}`)
    }
  }
}

type Pair = { hono: Child<{ port: number }>; raw: Child<{ port: number }> }

/** Routes on both servers, side by side: one row per route, prefixed with the store when not SQLite. */
async function compareRoutes(pair: Pair, routes: readonly RouteCase[], generator: ReturnType<typeof pickGenerator>, opts: BenchOptions, prefix: string, rows: Row[], data: Record<string, unknown>, settle?: () => Promise<void>): Promise<void> {
  const urls = { hono: `http://127.0.0.1:${pair.hono.ready.port}`, raw: `http://127.0.0.1:${pair.raw.ready.port}` }
  await checkRoutes(urls)
  for (const route of routes) {
    await settle?.()
    await comparePair(urls, route, generator, opts, `${prefix}${route.name}`, route.target ?? TARGET_RATIO, rows, data)
  }
}

/**
 * One route on several servers, side by side (alternating rounds, the median of per-round
 * ratios), after a warm-up of each. Five rounds at least: POST commits (fsync) vary from run to
 * run more than the rest.
 */
async function sideBySideServers(servers: Record<string, string>, route: RouteCase, generator: ReturnType<typeof pickGenerator>, opts: BenchOptions, label: string): Promise<ContenderSummary[]> {
  const warmS = opts.quick ? 1 : 2
  for (const url of Object.values(servers)) await generator.run(url, route, warmS) // JIT and page cache warm-up
  return sideBySide(
    Object.entries(servers).map(([name, url]) => ({ name, run: () => generator.run(url, route, opts.durationS) })),
    opts.quick ? opts.rounds : Math.max(opts.rounds, 5),
    label,
  )
}

/** A row of a against b: their paired ratio, the target when there is one, failed requests or else `note`. */
function handlerRow(name: string, a: ContenderSummary, b: ContenderSummary, target?: number, note: { note?: string } = {}): Row {
  const ratio = pairedRatio(a, b)
  const errors = a.median.errors + b.median.errors
  return {
    section: 'handler', case: name, a: describeContender(a), b: describeContender(b), ratio,
    ...(target === undefined ? {} : { target: `>= ${target}x`, holds: ratio >= target }),
    ...(errors ? { note: `${errors} failed requests` } : note),
  }
}

/** One route on the Hono and the raw server: one row. */
async function comparePair(urls: { hono: string; raw: string }, route: RouteCase, generator: ReturnType<typeof pickGenerator>, opts: BenchOptions, name: string, target: number, rows: Row[], data: Record<string, unknown>): Promise<void> {
  const [h, r] = await sideBySideServers(urls, route, generator, opts, name)
  const row = handlerRow(name, h!, r!, target)
  rows.push(row)
  data[name] = { hono: h, raw: r, ratio: row.ratio }
}

/**
 * GET /myresource (no store work) on four servers in one side-by-side run, so every ratio comes
 * from the same rounds: the hardened app (request guard, Host and target rules, JSON client
 * errors, Hono, Server-Timing), raw node:http doing the same work, a trivial node:http answering
 * a fixed 200 (bench/servers/raw-fast.ts), and a one-route Hono app on @hono/node-server
 * (bench/servers/hono-bare.ts): the ceiling of any Hono app on Node. Rows: the two
 * targets (with a note when even the bare Hono app cannot reach one), the bare app against both
 * (facts), and the hardened app against the bare one: what the defences and the API cost.
 */
async function compareMyresource(pair: Pair, generator: ReturnType<typeof pickGenerator>, opts: BenchOptions, rows: Row[], data: Record<string, unknown>): Promise<void> {
  const trivial = await startServer('raw-fast.ts', '')
  const bare = await startServer('hono-bare.ts', '')
  try {
    const url = (child: Child<{ port: number }>) => `http://127.0.0.1:${child.ready.port}`
    const servers = { hono: url(pair.hono), raw: url(pair.raw), trivial: url(trivial), 'bare hono': url(bare) }
    await checkRoutes({ hono: servers.hono, raw: servers.raw })
    const results = await sideBySideServers(servers, MYRESOURCE, generator, opts, MYRESOURCE.name)
    const [hono, raw, triv, bareHono] = results as [ContenderSummary, ContenderSummary, ContenderSummary, ContenderSummary]
    const beyond = (floor: number, target: number, of: string) => floor < target ? { note: `beyond Hono: a bare one-route Hono reads ${floor.toFixed(2)}x of ${of}` } : {}
    const row = (name: string, a: ContenderSummary, b: ContenderSummary, target?: number, note?: { note?: string }): void => void rows.push(handlerRow(name, a, b, target, note))
    const bareVsRaw = pairedRatio(bareHono, raw)
    const bareVsTrivial = pairedRatio(bareHono, triv)
    row(MYRESOURCE.name, hono, raw, MYRESOURCE.target, beyond(bareVsRaw, MYRESOURCE.target!, 'the same-work server'))
    row(`${MYRESOURCE.name} vs a trivial node:http`, hono, triv, TRIVIAL_TARGET, beyond(bareVsTrivial, TRIVIAL_TARGET, 'the trivial one'))
    row(`${MYRESOURCE.name}, a bare one-route Hono vs the same-work raw server (the ceiling of any Hono app)`, bareHono, raw)
    row(`${MYRESOURCE.name}, a bare one-route Hono vs a trivial node:http (the ceiling of any Hono app)`, bareHono, triv)
    row(`${MYRESOURCE.name}, the hardened app vs a bare one-route Hono (what the guard and the API cost)`, hono, bareHono, BARE_TARGET)
    data[MYRESOURCE.name] = { hono, raw, trivial: triv, bareHono }
  } finally {
    await Promise.all([trivial.stop(), bare.stop()])
  }
}

/**
 * The Hono app against raw node:http doing the same work, on the same store:
 * first better-sqlite3 (a working copy each), then one PostgreSQL both share
 * (the same driver and pool size), skipped with its reason when it cannot start.
 */
export async function handlerSection(opts: BenchOptions): Promise<SectionResult> {
  const generator = pickGenerator(opts.connections)
  const rows: Row[] = []
  const data: Record<string, unknown> = { generator: generator.name, connections: opts.connections, durationS: opts.durationS, records: RECORDS }
  const dbs = [workingCopy(), workingCopy()]
  const sqlite = { hono: await startServer('hono-steps.ts', dbs[0]!.file), raw: await startServer('raw-steps.ts', dbs[1]!.file) }
  try {
    await compareMyresource(sqlite, generator, opts, rows, data)
    await compareRoutes(sqlite, ROUTES.filter((r) => r !== MYRESOURCE), generator, opts, '', rows, data)
  } finally {
    await Promise.all([sqlite.hono.stop(), sqlite.raw.stop()])
    for (const db of dbs) db.remove()
  }
  const pg = await benchPostgres().catch((error: Error) => {
    console.log(`bench: handler: SKIP the Postgres rows: ${error.message}`)
    return undefined
  })
  if (!pg) return { rows, data }
  try {
    const pair = { hono: await startServer('hono-steps.ts', '', pg.url), raw: await startServer('raw-steps.ts', '', pg.url) }
    try {
      // GET /myresource reads no store: measured once, with its floors, on the SQLite pair.
      await compareRoutes(pair, ROUTES.filter((r) => r !== MYRESOURCE), generator, opts, 'postgres: ', rows, data, () => pg.settle())
    } finally {
      await Promise.all([pair.hono.stop(), pair.raw.stop()])
    }
  } finally {
    await pg.stop()
  }
  return { rows, data }
}
