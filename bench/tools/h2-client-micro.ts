/**
 * The JavaScript cost of the runner's own HTTP/2 client per request, with no I/O: CONNECTIONS
 * H2Connections (h2-connection.ts) on sockets of this tool's own that swallow writes, each
 * request dispatched and answered in turn with the frames nginx sends for GET /myresource
 * (HEADERS, then DATA with END_STREAM, in one read). What it leaves out is what every client pays
 * alike (TLS, syscalls, the scenario, metrics), so two versions of the client compare here
 * within a few percent where the network benches (docs/performance.md) cannot tell them apart.
 *   node --import tsx bench/tools/h2-client-micro.ts [REQUESTS] [CONNECTIONS]
 * Prints microseconds of CPU per request.
 */
import type { Duplex } from 'node:stream'
import { H2Connection } from '../../src/load/http/h2-connection.ts'
import { DATA, FLAG_END_HEADERS, FLAG_END_STREAM, FRAME_HEADER, HEADERS, SETTINGS } from '../../src/load/http/h2-frames.ts'
import { HpackEncoder } from '../../src/load/http/hpack-encoder.ts'
import type { ResponseHandler } from '../../src/load/http/response-handler.ts'
import type { OnRead } from '../../src/load/http/tls-socket.ts'
import { frame } from '../../test/helpers/h2-raw-server.ts'

const requests = Number(process.argv[2] ?? 2_000_000)
const connections = Number(process.argv[3] ?? 50)

const head = new HpackEncoder({ indexing: false, huffman: true })
  .encode([':status', '200', 'server', 'nginx/1.22.1', 'date', 'Mon, 07 Dec 2026 02:40:00 GMT', 'content-type', 'text/plain', 'content-length', '10'])
const answer = Buffer.concat([frame(HEADERS, FLAG_END_HEADERS, 1, head), frame(DATA, FLAG_END_STREAM, 1, Buffer.from('myresource'))])
const dataAt = FRAME_HEADER + head.length
const settings = frame(SETTINGS, 0, 0)

interface Lane {
  connection: H2Connection
  onread: OnRead | null
  nextId: number
}

const lanes: Lane[] = []
for (let i = 0; i < connections; i++) {
  const lane: Lane = { connection: null as unknown as H2Connection, onread: null, nextId: 1 }
  const socket = { write: () => true, cork() {}, uncork() {}, on: () => socket, once: () => socket, destroy() {}, end() {}, writableLength: 0 }
  lane.connection = new H2Connection('https://127.0.0.1:1', {
    openSocket: (onread) => {
      lane.onread = onread
      return socket as unknown as Duplex
    },
    onConnect() {},
    onRetry() {},
    streams: 1,
  })
  lanes.push(lane)
}

const handler: ResponseHandler = {
  keepBody: true,
  bytesIn: 0,
  bytesOut: 0,
  headersAtMs: 0,
  onHead() {
    handler.headersAtMs = -1
  },
  onSend() {},
  onData: () => true,
  onComplete() {},
  onError(error) {
    throw error
  },
}
const headers = ['user-agent', 'edgeload', 'accept-encoding', 'gzip, deflate, br']

function deliver(lane: Lane, bytes: Buffer): void {
  bytes.copy(lane.onread!.buffer, 0)
  lane.onread!.callback(bytes.length)
}

/** One request on `lane`: dispatched (its HEADERS written to the swallowing socket), then answered in one read. */
function request(lane: Lane): void {
  handler.headersAtMs = 0
  lane.connection.dispatch('GET', '/myresource', headers, null, 60_000, 0, handler)
  const id = lane.nextId
  lane.nextId += 2
  answer.writeUInt32BE(id, 5)
  answer.writeUInt32BE(id, dataAt + 5)
  deliver(lane, answer)
}

for (const lane of lanes) {
  lane.connection.dispatch('GET', '/myresource', headers, null, 60_000, 0, handler)
  deliver(lane, settings)
  lane.nextId = 1
  answer.writeUInt32BE(1, 5)
  answer.writeUInt32BE(1, dataAt + 5)
  deliver(lane, answer)
  lane.nextId = 3
}
const round = (n: number): void => {
  for (let i = 0; i < n; i++) request(lanes[i % connections]!)
}
round(200_000) // warm-up: optimised code before the clock starts
const before = process.cpuUsage()
round(requests)
const used = process.cpuUsage(before)
console.log(`${((used.user + used.system) / requests).toFixed(3)} us of CPU per request (${requests} requests on ${connections} connections)`)
for (const lane of lanes) void lane.connection.destroy()
