/**
 * The two HTTP/2 clients the tests set side by side: the runner's own (an H2Connection over
 * TLS or TCP, driven through its Transport interface) and node:http2's. Each answer comes back
 * as status, header pairs (sorted, without `date`, which moves between two requests) and body.
 */
import { connect as http2Connect, type ClientHttp2Session } from 'node:http2'
import { connect as tcpConnect } from 'node:net'
import type { ResponseHandler } from '../../src/load/http/response-handler.ts'
import { H2Connection } from '../../src/load/http/h2-connection.ts'
import { TlsSettings } from '../../src/load/http/tls-settings.ts'
import { openTls, tlsTarget } from '../../src/load/http/tls-socket.ts'

export interface Answer {
  status: number
  headers: [string, string][]
  body: Buffer
}

export interface Failure {
  error: string
  message: string
  code: string
}

/** The runner's HTTP/2 connection to `origin` (https: TLS offering h2 only, certificates unchecked; http: h2c). */
export function ownConnection(origin: string, options: { streams?: number; onRetry?: () => void } = {}): H2Connection {
  const url = new URL(origin)
  const tls = url.protocol === 'https:' ? tlsTarget(origin, new TlsSettings(true, undefined)) : undefined
  return new H2Connection(origin, {
    openSocket: (onread, onConnect) => tls
      ? openTls(tls, ['h2'], onread).once('secureConnect', onConnect)
      : tcpConnect({ host: url.hostname, port: Number(url.port), onread }).once('connect', onConnect),
    onConnect: () => {},
    onRetry: options.onRetry ?? (() => {}),
    streams: options.streams ?? 1,
  })
}

/** One request on the runner's connection: its answer, or the error it failed with. */
export function ownRequest(connection: H2Connection, method: string, path: string, options: { headers?: string[]; body?: Buffer; timeoutMs?: number } = {}): Promise<Answer | Failure> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let status = 0
    let lines = ''
    const handler: ResponseHandler = {
      keepBody: true,
      bytesIn: 0,
      bytesOut: 0,
      headersAtMs: 0,
      onHead(s, h) {
        status = s
        lines = h
      },
      onSend() {},
      onData(chunk) {
        chunks.push(chunk)
        return true
      },
      onComplete: () => resolve({ status, headers: parseLines(lines), body: Buffer.concat(chunks) }),
      onError: (error) => resolve({ error: error.name, message: error.message, code: (error as { code?: string }).code ?? '' }),
    }
    connection.dispatch(method, path, options.headers ?? [], options.body ?? null, options.timeoutMs ?? 20_000, performance.now(), handler)
  })
}

/** node:http2's session to `origin` (certificates unchecked). */
export function nodeSession(origin: string): ClientHttp2Session {
  return http2Connect(origin, { rejectUnauthorized: false })
}

export function nodeRequest(session: ClientHttp2Session, method: string, path: string, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': method, ':path': path }, { endStream: body === undefined })
    const chunks: Buffer[] = []
    let status = 0
    const headers: [string, string][] = []
    stream.on('response', (h) => {
      status = Number(h[':status'])
      for (const [name, value] of Object.entries(h)) {
        if (name.startsWith(':') || value === undefined) continue
        for (const one of Array.isArray(value) ? value : [String(value)]) headers.push([name, one])
      }
    })
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve({ status, headers: tidy(headers), body: Buffer.concat(chunks) }))
    stream.on('error', reject)
    if (body !== undefined) stream.end(body)
  })
}

function parseLines(lines: string): [string, string][] {
  if (lines === '') return []
  return tidy(lines.split('\r\n').map((line) => {
    const colon = line.indexOf(': ')
    return [line.slice(0, colon), line.slice(colon + 2)] as [string, string]
  }))
}

function tidy(headers: [string, string][]): [string, string][] {
  return headers.filter(([name]) => name !== 'date').sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
}

/** `size` octets of a pattern that is not the same every 256 octets (a shifted frame boundary shows). */
export function pattern(size: number): Buffer {
  const out = Buffer.allocUnsafe(size)
  for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >>> 8) * 7) & 0xff
  return out
}
