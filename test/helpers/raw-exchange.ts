import { connect } from 'node:net'

/** What came back on one raw connection. */
export interface RawAnswer {
  /** Status of the first response; 0 when none came. */
  status: number
  headers: Record<string, string>
  body: string
  /** The server closed the connection (after its answer, or without one). */
  closed: boolean
  /** Everything received, for failure messages. */
  raw: string
}

export interface ExchangeOptions {
  /** Close our sending side after the bytes (a client that stops mid-body). */
  halfClose?: boolean
  /** After a complete answer, how long to wait for the server to close. */
  closeWaitMs?: number
  /** Give up when nothing complete has come by then. */
  timeoutMs?: number
}

/**
 * Writes bytes exactly as given to host:port and reads the first response,
 * then (when asked) waits for the server to close the connection. Bounded in
 * time: a server that neither answers nor closes yields status 0, open.
 */
export function rawExchange(port: number, bytes: string, { halfClose = false, closeWaitMs = 0, timeoutMs = 5000 }: ExchangeOptions = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let raw = ''
    let closed = false
    let answered: Omit<RawAnswer, 'closed' | 'raw'> | undefined
    let closeTimer: NodeJS.Timeout | undefined
    const finish = () => {
      clearTimeout(timer)
      clearTimeout(closeTimer)
      socket.destroy()
      resolve({ ...(answered ?? parseResponse(raw) ?? { status: 0, headers: {}, body: '' }), closed, raw })
    }
    const timer = setTimeout(finish, timeoutMs)
    socket.on('error', () => {})
    socket.on('data', (chunk) => {
      raw += chunk.toString('latin1')
      if (answered) return
      answered = parseResponse(raw)
      if (!answered) return
      if (closeWaitMs === 0) finish()
      else closeTimer = setTimeout(finish, closeWaitMs)
    })
    socket.on('close', () => {
      closed = true
      finish()
    })
    socket.write(bytes, 'latin1')
    if (halfClose) socket.end()
  })
}

/** The first complete HTTP/1.x response in `raw`, or undefined while incomplete. */
export function parseResponse(raw: string): Omit<RawAnswer, 'closed' | 'raw'> | undefined {
  const end = raw.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0)
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const rest = raw.slice(end + 4)
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
    const body = dechunk(rest)
    return body === undefined ? undefined : { status, headers, body }
  }
  const length = Number(headers['content-length'] ?? 0)
  if (rest.length < length) return undefined
  return { status, headers, body: rest.slice(0, length) }
}

function dechunk(rest: string): string | undefined {
  let body = ''
  let at = 0
  for (;;) {
    const lineEnd = rest.indexOf('\r\n', at)
    if (lineEnd < 0) return undefined
    const size = parseInt(rest.slice(at, lineEnd), 16)
    if (size === 0) return body
    if (rest.length < lineEnd + 2 + size + 2) return undefined
    body += rest.slice(lineEnd + 2, lineEnd + 2 + size)
    at = lineEnd + 2 + size + 2
  }
}
