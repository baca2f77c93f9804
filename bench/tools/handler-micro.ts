/**
 * CPU per request of the request handlers alone, without sockets or a load generator, so
 * the handler comparison can be studied on a busy machine: node:http's own request and
 * response objects over a keep-alive socket that discards what is written; CPU time per
 * exchange (user + system, not inflated when other processes take the core).
 *   node --import tsx bench/tools/handler-micro.ts [--app APP_MODULE] [--passes 2]
 * Sides, each in its own process (listeners sharing one process would share node:http's
 * inline caches and slow each other), run in alternating order; each figure is the side's
 * least-disturbed round (the minimum: on a shared machine other processes only ever add
 * to a round's CPU time, through the caches they evict), medians shown beside:
 * - stack: what bench/servers/hono-steps.ts runs (serve-node.ts's listener: the request
 *   guard, then the app on @hono/node-server);
 * - app: the app alone on @hono/node-server;
 * - raw: the same-work node:http handler (bench/servers/raw-handler.ts);
 * - bare (GET /myresource only): a one-route Hono app on @hono/node-server (hono-bare.ts);
 * - trivial (GET /myresource only): raw-fast.ts's handler, the floor.
 * APP_MODULE (default handler/app.ts) lets a variant of the app be compared.
 */
import { execFileSync } from 'node:child_process'
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { getRequestListener } from '@hono/node-server'
import { Hono } from 'hono'
import { nodeListener } from '../../handler/serve-node.ts'
import { createFaultLog } from '../../handler/lib/fault-log.ts'
import { openBetterSqliteStore } from '../../src/store/better-sqlite3.ts'
import type { StepStore } from '../../src/store/step-store.ts'
import { rawHandler, type RequestListener } from '../servers/raw-handler.ts'
import { workingCopy, USERS } from '../lib/steps-db.ts'

const SIDES = ['stack', 'app', 'raw', 'bare', 'trivial'] as const
type Side = (typeof SIDES)[number]
const ROUTES = ['GET /myresource', 'GET /current/:u', 'POST /:u/:d/:i/:s'] as const
const FLOOR_ONLY: readonly Side[] = ['bare', 'trivial']

const { values } = parseArgs({ options: { app: { type: 'string' }, passes: { type: 'string', default: '2' }, side: { type: 'string' } } })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
const min = (xs: number[]) => Math.min(...xs)
const socket = sinkSocket()

if (values.side) await measureSide(values.side as Side)
else compareSides()

/** The parent: every side in a child process per pass, order reversed every other pass. */
function compareSides(): void {
  const self = fileURLToPath(import.meta.url)
  const rounds = new Map<string, number[]>()
  for (let pass = 0; pass < Number(values.passes); pass++) {
    for (const side of pass % 2 ? [...SIDES].reverse() : SIDES) {
      const args = ['--import', 'tsx', self, '--side', side, ...(values.app ? ['--app', values.app] : [])]
      const out = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as Record<string, number[]>
      for (const [route, us] of Object.entries(out)) rounds.set(`${route} ${side}`, [...(rounds.get(`${route} ${side}`) ?? []), ...us])
    }
  }
  for (const route of ROUTES) {
    const m = (side: Side) => min(rounds.get(`${route} ${side}`) ?? [NaN])
    const sides = SIDES.filter((side) => rounds.has(`${route} ${side}`))
    const cols = sides.map((side) => `${side} ${m(side).toFixed(2).padStart(5)} (${median(rounds.get(`${route} ${side}`)!).toFixed(2)}) us`).join('  ')
    const floor = sides.includes('trivial') ? `   trivial/stack ${(m('trivial') / m('stack')).toFixed(2)}   trivial/bare ${(m('trivial') / m('bare')).toFixed(2)}` : ''
    console.log(`${route.padEnd(18)} ${cols}   raw/stack ${(m('raw') / m('stack')).toFixed(2)}${floor}`)
  }
}

/** The child: one side's listener on every route it serves, 15 rounds of 5,000 exchanges after a warm-up; JSON on stdout. */
async function measureSide(side: Side): Promise<void> {
  const db = workingCopy()
  const store = openBetterSqliteStore(db.file)
  const listener = await listenerFor(side, store)
  let n = 0
  const user = () => (n = (n * 1103515245 + 12345) & 0x7fffffff) % USERS + 1
  const paths: Record<(typeof ROUTES)[number], [string, () => string]> = {
    'GET /myresource': ['GET', () => '/myresource'],
    'GET /current/:u': ['GET', () => `/current/${user()}`],
    'POST /:u/:d/:i/:s': ['POST', () => `/${user()}/3/4/5`],
  }
  const out: Record<string, number[]> = {}
  for (const route of FLOOR_ONLY.includes(side) ? ROUTES.slice(0, 1) : ROUTES) {
    const [method, path] = paths[route]
    await cpuPerExchange(listener, method, path, 10_000) // warm-up
    out[route] = []
    for (let round = 0; round < 15; round++) out[route].push(await cpuPerExchange(listener, method, path, 5_000))
  }
  await store.close()
  db.remove()
  process.stdout.write(JSON.stringify(out))
}

async function listenerFor(side: Side, store: StepStore): Promise<RequestListener> {
  const appModule = resolve(values.app ?? fileURLToPath(new URL('../../handler/app.ts', import.meta.url)))
  type CreateApp = (o: { store: StepStore; runtime: string; checkTarget?: boolean }) => { fetch: (r: Request, env?: unknown) => Response | Promise<Response> }
  const { createApp } = (await import(pathToFileURL(appModule).href)) as { createApp: CreateApp }
  switch (side) {
    case 'stack':
      return nodeListener(createApp({ store, runtime: 'node', checkTarget: false }), createFaultLog())
    case 'app':
      return getRequestListener(createApp({ store, runtime: 'node' }).fetch) as unknown as RequestListener
    case 'raw':
      return rawHandler(store)
    case 'bare':
      return getRequestListener(new Hono().get('/myresource', (c) => c.text('Got it!')).fetch) as unknown as RequestListener
    case 'trivial':
      return (req, res) => {
        req.resume()
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 7 }).end('Got it!')
      }
  }
}

/** A socket that accepts every write at once and keeps nothing; one per process, reused as a keep-alive connection is. */
function sinkSocket(): Socket {
  const socket = new Socket()
  socket.write = ((_data: unknown, encoding?: unknown, callback?: unknown) => {
    const cb = typeof encoding === 'function' ? encoding : callback
    if (typeof cb === 'function') queueMicrotask(cb as () => void)
    return true
  }) as Socket['write']
  return socket
}


/** One request as wrk sends it (Host only; a POST with Content-Length: 0), answered on the shared socket. */
function exchange(listener: RequestListener, method: string, url: string): Promise<void> {
  const req = new IncomingMessage(socket)
  req.method = method
  req.url = url
  req.httpVersionMajor = 1
  req.httpVersionMinor = 1
  req.httpVersion = '1.1'
  req.headers = method === 'POST' ? { host: '127.0.0.1:8080', 'content-length': '0' } : { host: '127.0.0.1:8080' }
  req.rawHeaders = method === 'POST' ? ['Host', '127.0.0.1:8080', 'Content-Length', '0'] : ['Host', '127.0.0.1:8080']
  req.complete = true
  req.push(null)
  const res = new ServerResponse(req)
  res.assignSocket(socket)
  return new Promise((done) => {
    res.once('finish', () => {
      res.detachSocket(socket)
      done()
    })
    listener(req, res)
  })
}

/** CPU time (user + system) per exchange over a batch. */
async function cpuPerExchange(listener: RequestListener, method: string, path: () => string, count: number): Promise<number> {
  const before = process.cpuUsage()
  for (let i = 0; i < count; i++) await exchange(listener, method, path())
  const used = process.cpuUsage(before)
  return (used.user + used.system) / count
}
