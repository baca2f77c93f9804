/**
 * Node's floor: the least work any load generator written for Node can do per request, so the
 * bench can tell what is the runner's cost and what is Node's (docs/performance.md). Each
 * connection sends fixed bytes, takes the next answer's end from the framing alone (an HTTP/1.1
 * answer that arrives in one read; an HTTP/2 frame with END_STREAM), records its latency and sends
 * again: no parsing of status or headers, no metrics but a latency list, no scenario.
 *   node --import tsx bench/tools/node-floor.ts URL CONNECTIONS SECONDS [h1|h2]
 * Prints {"requests","seconds","latenciesMs":[p50,p99]} on stdout. h2 needs an https URL.
 */
import { connect as tcpConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'

const [urlText, connectionsText = '50', secondsText = '5', mode = 'h1'] = process.argv.slice(2)
if (!urlText) {
  console.error('usage: node-floor.ts URL CONNECTIONS SECONDS [h1|h2]')
  process.exit(2)
}
const url = new URL(urlText)
const tls = url.protocol === 'https:'
const port = Number(url.port || (tls ? 443 : 80))
const latencies: number[] = []
let endAt = 0
let open = 0
let finish: () => void = () => {}

function socketFor(alpn: string): Socket {
  const socket = tls
    ? tlsConnect({ host: url.hostname, port, rejectUnauthorized: false, ALPNProtocols: [alpn], servername: 'localhost' })
    : tcpConnect({ host: url.hostname, port })
  socket.setNoDelay(true)
  socket.on('error', (error) => console.error(`node-floor: ${error.message}`))
  socket.on('close', () => --open === 0 && finish())
  open++
  return socket
}

function h1Connection(): void {
  const request = Buffer.from(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`)
  const socket = socketFor('http/1.1')
  let sentAt = 0
  const send = () => {
    if (performance.now() >= endAt) return void socket.end()
    sentAt = performance.now()
    socket.write(request)
  }
  socket.once(tls ? 'secureConnect' : 'connect', send)
  socket.on('data', () => {
    latencies.push(performance.now() - sentAt)
    send()
  })
}

/** One HTTP/2 frame: a 9-octet head and its payload. */
function frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9)
  head.writeUIntBE(payload.length, 0, 3)
  head[3] = type
  head[4] = flags
  head.writeUInt32BE(stream, 5)
  return Buffer.concat([head, payload])
}

function h2Connection(): void {
  const socket = socketFor('h2')
  // HPACK: :method GET, :scheme https (static indexes 2 and 7), :path and :authority as literals.
  const literal = (index: number, value: string) => Buffer.concat([Buffer.from([index, value.length]), Buffer.from(value)])
  const block = Buffer.concat([Buffer.from([0x82, 0x87]), literal(4, url.pathname + url.search), literal(1, url.host)])
  const headers = frame(0x1, 0x5, 1, block) // END_STREAM | END_HEADERS
  const windowUpdate = Buffer.alloc(4)
  windowUpdate.writeUInt32BE(2 ** 31 - 1 - 65_535)
  let stream = 1
  let sentAt = 0
  let pending = Buffer.alloc(0)
  const send = () => {
    if (performance.now() >= endAt) return void socket.end()
    headers.writeUInt32BE(stream, 5)
    stream += 2
    sentAt = performance.now()
    socket.write(headers)
  }
  socket.once('secureConnect', () => {
    socket.write(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), frame(0x4, 0, 0, Buffer.alloc(0)), frame(0x8, 0, 0, windowUpdate)]))
    send()
  })
  socket.on('data', (chunk: Buffer) => {
    let data = pending.length ? Buffer.concat([pending, chunk]) : chunk
    let at = 0
    while (data.length - at >= 9) {
      const length = data.readUIntBE(at, 3)
      if (data.length - at < 9 + length) break
      const type = data[at + 3]!
      const flags = data[at + 4]!
      if (type === 0x4 && !(flags & 0x1)) socket.write(frame(0x4, 0x1, 0, Buffer.alloc(0))) // SETTINGS ack
      else if (type === 0x6 && !(flags & 0x1)) socket.write(frame(0x6, 0x1, 0, data.subarray(at + 9, at + 17))) // PING ack
      else if ((type === 0x0 || type === 0x1) && flags & 0x1) {
        latencies.push(performance.now() - sentAt)
        send()
      }
      at += 9 + length
    }
    pending = at === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at))
    data = pending
  })
}

const connections = Number(connectionsText)
const seconds = Number(secondsText)
const startedAt = performance.now()
endAt = startedAt + seconds * 1000
const done = new Promise<void>((resolve) => (finish = resolve))
for (let i = 0; i < connections; i++) (mode === 'h2' ? h2Connection : h1Connection)()
await done
const elapsed = (performance.now() - startedAt) / 1000
latencies.sort((a, b) => a - b)
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0
console.log(JSON.stringify({ requests: latencies.length, seconds: elapsed, latenciesMs: [at(50), at(99)] }))
