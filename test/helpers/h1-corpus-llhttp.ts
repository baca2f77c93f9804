/**
 * Runs the differential corpus (h1-corpus.ts) through Node's llhttp: a raw TCP server on
 * 127.0.0.1 writes each case's bytes exactly and then closes the connection; `node:http` asks
 * for them with its strict parser (insecureHTTPParser false) and a keep-alive agent, as the load
 * client keeps its connection.
 */
import { request, Agent, type IncomingMessage } from 'node:http'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import type { H1Case } from './h1-corpus.ts'

/**
 * What a client made of the bytes. `complete`: the awaited response's body ended (whatever the
 * connection did after it); `rejected`: the parser refused the bytes; `cut`: the close came
 * before the response was complete.
 */
export interface H1Outcome {
  verdict: 'complete' | 'rejected' | 'cut'
  /** Of the final (non-1xx) response; 0 when none was read. */
  status: number
  /** The body received, latin1; '' when not complete. */
  body: string
}

export interface CorpusServer {
  port: number
  close(): Promise<void>
}

/** Serves case `i` of `cases` at `/i`: reads the request head, writes the bytes, closes. */
export async function corpusServer(cases: readonly H1Case[]): Promise<CorpusServer> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let head = ''
    socket.on('data', (data) => {
      if (head.includes('\r\n\r\n')) return
      head += data.toString('latin1')
      if (!head.includes('\r\n\r\n')) return
      const index = Number(/^[A-Z]+ \/(\d+) /.exec(head)?.[1])
      const wire = cases[index]?.wire ?? 'HTTP/1.1 500 No Such Case\r\nContent-Length: 0\r\n\r\n'
      socket.end(Buffer.from(wire, 'latin1'))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    }),
  }
}

/** Asks for case `index` with `node:http` and reports what llhttp made of it. */
export function llhttpOutcome(port: number, index: number, testCase: H1Case): Promise<H1Outcome> {
  return new Promise((resolve) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    let response: IncomingMessage | undefined
    let body = ''
    let parseError = false
    let settled = false
    const settle = () => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      agent.destroy()
      const complete = response?.complete === true && !parseErrorBeforeEnd
      resolve({
        verdict: complete ? 'complete' : parseError ? 'rejected' : 'cut',
        status: response?.statusCode ?? 0,
        body: complete ? body : '',
      })
    }
    // An error after the awaited response ended concerns the connection, not the response.
    let parseErrorBeforeEnd = false
    const timer = setTimeout(settle, 5000)
    const req = request({
      host: '127.0.0.1', port, path: `/${index}`, method: testCase.head ? 'HEAD' : 'GET', agent, insecureHTTPParser: false,
    }, (res) => {
      response = res
      res.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')))
      res.on('end', () => setImmediate(settle))
      res.on('error', () => {})
      res.on('close', () => setImmediate(settle))
    })
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code?.startsWith('HPE_')) {
        parseError = true
        if (response?.complete !== true) parseErrorBeforeEnd = true
      }
      setImmediate(settle)
    })
    req.on('close', () => setTimeout(settle, 20))
    req.end()
  })
}
