/**
 * Small real servers on 127.0.0.1 for the load engine's tests: a fast one, a slow one, and
 * the faults the client must survive (a reset, silence, garbage, a closed port). Each keeps
 * its sockets so close() ends everything and the test process can exit.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net'

export interface TestServer {
  url: string
  port: number
  /** Requests (HTTP servers) or connections (raw TCP servers) seen so far. */
  count: number
  close(): Promise<void>
}

/** The servers made here also say when a count is reached. */
export interface CountingServer extends TestServer {
  /** Resolves once `count` has reached n: the event a test waits for instead of a sleep. */
  reached(n: number): Promise<void>
}

type Handler = (req: IncomingMessage, res: ServerResponse, count: number) => void

/** An HTTP server answering with `handler`; default: 200 'ok'. */
export function httpServer(handler: Handler = (_req, res) => res.end('ok')): Promise<CountingServer> {
  const server = createHttpServer()
  const state = track(server)
  server.on('request', (req, res) => {
    state.counted()
    req.resume()
    req.on('end', () => handler(req, res, state.count))
  })
  return listen(server, state)
}

/** Answers every request after `delayMs`. */
export function slowServer(delayMs: number): Promise<CountingServer> {
  return httpServer((_req, res) => void setTimeout(() => res.end('slow ok'), delayMs).unref())
}

/** A raw TCP server that does `onData` with each connection's first bytes. */
export function tcpServer(onData: (socket: Socket) => void): Promise<CountingServer> {
  const server = createTcpServer()
  const state = track(server)
  server.on('connection', (socket) => {
    state.counted()
    socket.once('data', () => onData(socket))
  })
  return listen(server, state)
}

/** Resets (RST) every connection as soon as a request arrives. */
export const resettingServer = (): Promise<CountingServer> => tcpServer((socket) => socket.resetAndDestroy())

/** Reads requests and never answers. */
export const silentServer = (): Promise<CountingServer> => tcpServer(() => {})

/** Answers with bytes that are not HTTP. */
export const garbageServer = (): Promise<CountingServer> =>
  tcpServer((socket) => socket.end('HELLO THIS IS NOT HTTP\r\n\r\n'))

/** A port where nothing listens: bound once, then closed. */
export async function closedPort(): Promise<string> {
  const server = await tcpServer(() => {})
  await server.close()
  return server.url
}

interface Tracked {
  count: number
  sockets: Set<Socket>
  waiters: { n: number; resolve(): void }[]
  counted(): void
}

function track(server: Server): Tracked {
  const state: Tracked = {
    count: 0,
    sockets: new Set<Socket>(),
    waiters: [],
    counted() {
      state.count++
      const ready = state.waiters.filter((w) => state.count >= w.n)
      state.waiters = state.waiters.filter((w) => state.count < w.n)
      for (const w of ready) w.resolve()
    },
  }
  server.on('connection', (socket: Socket) => {
    state.sockets.add(socket)
    socket.on('close', () => state.sockets.delete(socket))
  })
  return state
}

function listen(server: Server, state: Tracked): Promise<CountingServer> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        get count() {
          return state.count
        },
        reached: (n) => (state.count >= n ? Promise.resolve() : new Promise<void>((resolve) => state.waiters.push({ n, resolve }))),
        close: () =>
          new Promise<void>((done) => {
            for (const socket of state.sockets) socket.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}

export interface SeenRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export interface EchoServer extends TestServer {
  /** Every request so far, with its body. */
  seen: SeenRequest[]
  /** Distinct connections that carried a request. */
  connections: Set<Socket>
  reset(): void
}

/**
 * Records each request and answers it with JSON { method, url, body }, `Server-Timing:
 * db;dur=0.5, app;dur=1.25`, and `X-Cold-Start: 1` on its first response (again after reset()).
 */
export async function echoServer(): Promise<EchoServer> {
  const seen: SeenRequest[] = []
  const connections = new Set<Socket>()
  let served = 0
  const server = createHttpServer((req, res) => {
    connections.add(req.socket)
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      res.setHeader('Server-Timing', 'db;dur=0.5, app;dur=1.25')
      if (served++ === 0) res.setHeader('X-Cold-Start', '1')
      res.setHeader('Content-Type', 'application/json')
      res.setHeader('X-Echo', 'yes')
      res.end(JSON.stringify({ method: req.method, url: req.url, body }))
    })
  })
  const base = await listen(server, track(server))
  return Object.assign(base, {
    seen,
    connections,
    reset() {
      seen.length = 0
      connections.clear()
      served = 0 // as a fresh instance: the next response is a cold start again
    },
  })
}
