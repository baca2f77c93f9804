import { ensureTool } from '../lib/tools.ts'
import { coreLayout } from '../lib/cpus.ts'
import { nodeArgs, spawnReady, type Child } from '../lib/proc.ts'
import { workingCopy, USERS, DAYS, RECORDS } from '../lib/steps-db.ts'
import { runWrk } from '../lib/wrk.ts'
import { runAutocannon } from '../lib/autocannon.ts'
import { pairedRatio, sideBySide, type ContenderSummary } from '../lib/side-by-side.ts'
import { fmtInt, fmtMs } from '../lib/format.ts'
import type { LoadResult } from '../lib/load-result.ts'
import type { BenchOptions } from '../lib/options.ts'
import type { Row, SectionResult } from '../lib/report.ts'

const TARGET_RATIO = 0.9

/** A benchmarked route: how wrk shapes it (a Lua script for varying paths) and a fixed fallback. */
interface RouteCase {
  name: string
  method: 'GET' | 'POST'
  path: string
  script?: string
}

const ROUTES: RouteCase[] = [
  { name: 'GET /myresource', method: 'GET', path: '/myresource' },
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

function startServer(file: string, db: string): Promise<Child<{ port: number }>> {
  const [cmd, args] = nodeArgs(new URL(`../servers/${file}`, import.meta.url).pathname, [db])
  return spawnReady<{ port: number }>(cmd, args, { core: coreLayout().target })
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

function describe(s: ContenderSummary): string {
  return `${s.name} ${fmtInt(s.median.rps)} req/s, p99 ${fmtMs(s.median.p99Ms)}`
}

export async function handlerSection(opts: BenchOptions): Promise<SectionResult> {
  const generator = pickGenerator(opts.connections)
  const dbs = [workingCopy(), workingCopy()]
  const hono = await startServer('hono-steps.ts', dbs[0]!.file)
  const raw = await startServer('raw-steps.ts', dbs[1]!.file)
  const urls = { hono: `http://127.0.0.1:${hono.ready.port}`, raw: `http://127.0.0.1:${raw.ready.port}` }
  const rows: Row[] = []
  const data: Record<string, unknown> = { generator: generator.name, connections: opts.connections, durationS: opts.durationS, records: RECORDS }
  try {
    await checkRoutes(urls)
    for (const route of ROUTES) {
      const warmS = opts.quick ? 1 : 2
      for (const url of Object.values(urls)) await generator.run(url, route, warmS) // JIT and page cache warm-up
      // Five rounds at least: POST commits (fsync) vary from run to run more than the rest.
      const [h, r] = await sideBySide(
        (['hono', 'raw'] as const).map((name) => ({ name, run: () => generator.run(urls[name], route, opts.durationS) })),
        opts.quick ? opts.rounds : Math.max(opts.rounds, 5),
        route.name,
      )
      const rr = pairedRatio(h!, r!)
      const errors = h!.median.errors + r!.median.errors
      rows.push({
        section: 'handler', case: route.name, a: describe(h!), b: describe(r!), ratio: rr, target: `>= ${TARGET_RATIO}x`, holds: rr >= TARGET_RATIO,
        ...(errors ? { note: `${errors} failed requests` } : {}),
      })
      data[route.name] = { hono: h, raw: r, ratio: rr }
    }
  } finally {
    await Promise.all([hono.stop(), raw.stop()])
    for (const db of dbs) db.remove()
  }
  return { rows, data }
}
