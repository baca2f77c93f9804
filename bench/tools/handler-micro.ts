/**
 * CPU per request of the request handlers alone, without sockets or a load generator, so
 * the handler comparison can be studied on a busy machine: node:http's own request and
 * response objects over a socket that discards what is written; CPU time per exchange.
 *   node --import tsx bench/tools/handler-micro.ts [APP_MODULE]
 * APP_MODULE (default handler/app.ts) lets a variant of the app be compared.
 */
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { getRequestListener } from '@hono/node-server'
import { openBetterSqliteStore } from '../../src/store/better-sqlite3.ts'
import type { StepStore } from '../../src/store/step-store.ts'
import { rawHandler, type RequestListener } from '../servers/raw-handler.ts'
import { workingCopy, USERS } from '../lib/steps-db.ts'

const appModule = resolve(process.argv[2] ?? new URL('../../handler/app.ts', import.meta.url).pathname)
const { createApp } = (await import(pathToFileURL(appModule).href)) as { createApp: (o: { store: StepStore; runtime: string }) => { fetch: (r: Request, env?: unknown) => Response | Promise<Response> } }

/** A socket that accepts every write at once and keeps nothing. */
function sinkSocket(): Socket {
  const socket = new Socket()
  socket.write = ((_data: unknown, encoding?: unknown, callback?: unknown) => {
    const cb = typeof encoding === 'function' ? encoding : callback
    if (typeof cb === 'function') queueMicrotask(cb as () => void)
    return true
  }) as Socket['write']
  return socket
}

function exchange(listener: RequestListener, method: string, url: string): Promise<void> {
  const socket = sinkSocket()
  const req = new IncomingMessage(socket)
  req.method = method
  req.url = url
  req.httpVersionMajor = 1
  req.httpVersionMinor = 1
  req.headers = { host: '127.0.0.1:8080', 'user-agent': 'bench', ...(method === 'POST' ? { 'content-length': '0' } : {}) }
  req.rawHeaders = Object.entries(req.headers).flat() as string[]
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

const db = workingCopy()
const store = openBetterSqliteStore(db.file)
const hono = getRequestListener(createApp({ store, runtime: 'node' }).fetch) as unknown as RequestListener
const raw = rawHandler(store)
let n = 0
const user = () => (n = (n * 1103515245 + 12345) & 0x7fffffff) % USERS + 1
const routes: [string, string, () => string][] = [
  ['GET /myresource', 'GET', () => '/myresource'],
  ['GET /current/:u', 'GET', () => `/current/${user()}`],
  ['POST /:u/:d/:i/:s', 'POST', () => `/${user()}/3/4/5`],
]
/** CPU time (user + system) per exchange over a batch: unlike wall time, not inflated when
 * other processes take the core. Batches alternate between the handlers; medians reported. */
async function cpuPerExchange(listener: RequestListener, method: string, path: () => string, count: number): Promise<number> {
  const before = process.cpuUsage()
  for (let i = 0; i < count; i++) await exchange(listener, method, path())
  const used = process.cpuUsage(before)
  return (used.user + used.system) / count
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
for (const [name, method, path] of routes) {
  const h: number[] = []
  const r: number[] = []
  await cpuPerExchange(hono, method, path, 5000) // warm-up
  await cpuPerExchange(raw, method, path, 5000)
  for (let round = 0; round < 9; round++) {
    h.push(await cpuPerExchange(hono, method, path, 10_000))
    r.push(await cpuPerExchange(raw, method, path, 10_000))
  }
  console.log(`${name.padEnd(20)} hono ${median(h).toFixed(2).padStart(6)} us   raw ${median(r).toFixed(2).padStart(6)} us   raw/hono ${(median(r) / median(h)).toFixed(2)}`)
}
await store.close()
db.remove()
