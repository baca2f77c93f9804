import { connect } from 'node:net'

/** One response read off the wire. */
export interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

/** What came back on one raw connection. */
export interface RawAnswer extends Answer {
  /** Status of the first final response; 0 when none came. */
  status: number
  /** Every final response, in order (1xx interim responses left out). */
  answers: Answer[]
  /** The server closed the connection (after its answers, or without one). */
  closed: boolean
  /** Everything received, for failure messages. */
  raw: string
}

export interface ExchangeOptions {
  /** Close our sending side after the bytes (a client that stops mid-body). */
  halfClose?: boolean
  /** Answers to wait for before the close wait starts (default 1). */
  answers?: number
  /** After the awaited answers, how long to wait for the server to close (or answer more). */
  closeWaitMs?: number
  /** Give up when nothing complete has come by then. */
  timeoutMs?: number
}

/**
 * Writes bytes exactly as given to host:port and reads every response, until
 * the awaited number has come and then (when asked) the server closes the
 * connection. Bounded in time: a server that neither answers nor closes
 * yields status 0, open.
 */
export function rawExchange(port: number, bytes: string, { halfClose = false, answers: awaited = 1, closeWaitMs = 0, timeoutMs = 5000 }: ExchangeOptions = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let raw = ''
    let closed = false
    let closeTimer: NodeJS.Timeout | undefined
    const finish = () => {
      clearTimeout(timer)
      clearTimeout(closeTimer)
      socket.destroy()
      const answers = parseResponses(raw)
      resolve({ ...(answers[0] ?? { status: 0, headers: {}, body: '' }), answers, closed, raw })
    }
    const timer = setTimeout(finish, timeoutMs)
    socket.on('error', () => {})
    socket.on('data', (chunk) => {
      raw += chunk.toString('latin1')
      if (closeTimer || parseResponses(raw).length < awaited) return
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

/** Every complete final HTTP/1.x response in `raw`, in order; interim 1xx responses are skipped. */
export function parseResponses(raw: string): Answer[] {
  const answers: Answer[] = []
  let rest = raw
  for (;;) {
    const next = parseResponse(rest)
    if (!next) return answers
    if (next.answer.status < 100 || next.answer.status >= 200) answers.push(next.answer)
    rest = rest.slice(next.length)
  }
}

/** The first complete HTTP/1.x response in `raw` and how many characters it took, or undefined while incomplete. */
function parseResponse(raw: string): { answer: Answer; length: number } | undefined {
  const end = raw.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0)
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const head = end + 4
  const rest = raw.slice(head)
  if (status < 200) return { answer: { status, headers, body: '' }, length: head }
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
    const chunked = dechunk(rest)
    return chunked && { answer: { status, headers, body: chunked.body }, length: head + chunked.length }
  }
  const length = Number(headers['content-length'] ?? 0)
  if (rest.length < length) return undefined
  return { answer: { status, headers, body: rest.slice(0, length) }, length: head + length }
}

/** A chunked body (without trailers) and the characters it took, or undefined while incomplete. */
function dechunk(rest: string): { body: string; length: number } | undefined {
  let body = ''
  let at = 0
  for (;;) {
    const lineEnd = rest.indexOf('\r\n', at)
    if (lineEnd < 0) return undefined
    const size = parseInt(rest.slice(at, lineEnd), 16)
    if (size === 0) return rest.length < lineEnd + 4 ? undefined : { body, length: lineEnd + 4 }
    if (rest.length < lineEnd + 2 + size + 2) return undefined
    body += rest.slice(lineEnd + 2, lineEnd + 2 + size)
    at = lineEnd + 2 + size + 2
  }
}
