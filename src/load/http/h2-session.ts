/**
 * One socket's HTTP/2 connection (RFC 9113), client side: the preface and SETTINGS, frames read
 * from the socket's reads as they come (a frame split across reads waits in a buffer of the
 * session's own), HPACK-decoded answer heads (hpack-decoder.ts), connection and stream flow
 * control both ways, PING and SETTINGS acknowledged, RST_STREAM and GOAWAY as the server sends
 * them. It knows nothing of queues or retries: h2-connection.ts decides what a stream's end
 * means for its request.
 *
 * Everything a server can get wrong is one of two errors (h2-errors.ts): a connection error
 * (GOAWAY sent, the socket closed, every stream on it fails) or a stream error (RST_STREAM sent,
 * that stream fails). No frame is buffered beyond SETTINGS_MAX_FRAME_SIZE, no header block
 * beyond MAX_HEADER_BLOCK, and acknowledgements the server does not read close the connection
 * (ENHANCE_YOUR_CALM) rather than pile up: a hostile server costs a counted error, never memory.
 *
 * Writes made while a read is handled are corked (from the first such write) and leave as one
 * write when it is done. A request's lone HEADERS frame is the stream's own (H2Stream.frame),
 * reused while its request stays the same: a new stream id written into it, no Buffer per request.
 *
 * Every octet read or written is counted for a request (ResponseHandler's bytesIn, bytesOut):
 * a stream's frames for its own, the connection's frames (the preface, SETTINGS, PING,
 * WINDOW_UPDATE ...) for the next request that ends on it.
 */
import type { Duplex } from 'node:stream'
import { ClientError } from './h1-errors.ts'
import {
  CONTINUATION, DATA, DEFAULT_MAX_FRAME, DEFAULT_WINDOW, FLAG_ACK, FLAG_END_HEADERS, FLAG_END_STREAM, FLAG_PADDED, FLAG_PRIORITY,
  FRAME_HEADER, GOAWAY, goawayFrame, HEADERS, MAX_WINDOW, PING, pingAckFrame, PREFACE, PRIORITY, PUSH_PROMISE, RST_STREAM,
  rstStreamFrame, SETTINGS, SETTINGS_ACK_FRAME, SETTINGS_ENABLE_PUSH, SETTINGS_INITIAL_WINDOW_SIZE, SETTINGS_MAX_CONCURRENT_STREAMS,
  SETTINGS_MAX_FRAME_SIZE, SETTINGS_MAX_HEADER_LIST_SIZE, settingsFrame, WINDOW_UPDATE, windowUpdateFrame, writeFrameHeader,
} from './h2-frames.ts'
import {
  CANCEL, codeName, COMPRESSION_ERROR, ENHANCE_YOUR_CALM, FLOW_CONTROL_ERROR, FRAME_SIZE_ERROR, H2ProtocolError, NO_ERROR,
  PROTOCOL_ERROR, REFUSED_STREAM,
} from './h2-errors.ts'
import { ResponseHead } from './h2-response-head.ts'
import type { H2Stream, StreamSession } from './h2-stream.ts'
import { HpackDecoder, HpackError } from './hpack-decoder.ts'
import type { OnRead } from './tls-socket.ts'
import { READ_BUFFER } from './read-buffer.ts'

/** What the runner lets one stream receive before it says WINDOW_UPDATE (its SETTINGS_INITIAL_WINDOW_SIZE). */
export const STREAM_WINDOW = 16 * 1024 * 1024
/** What the whole connection may receive unacknowledged. */
export const CONNECTION_WINDOW = 256 * 1024 * 1024
/** A head (HEADERS and CONTINUATION frames) larger than this is refused, as SETTINGS_MAX_HEADER_LIST_SIZE says. */
export const MAX_HEADER_BLOCK = 256 * 1024
/** Unsent acknowledgements (PING, SETTINGS) past this many octets: the server floods without reading. */
export const FLOOD_BYTES = 1024 * 1024

/** Sent once per connection, after the preface: no push, our windows. */
const OPENING = Buffer.concat([
  PREFACE,
  settingsFrame([[SETTINGS_ENABLE_PUSH, 0], [SETTINGS_INITIAL_WINDOW_SIZE, STREAM_WINDOW], [SETTINGS_MAX_HEADER_LIST_SIZE, MAX_HEADER_BLOCK]]),
  windowUpdateFrame(0, CONNECTION_WINDOW - DEFAULT_WINDOW),
])

/** What the session tells its connection. Each stream ends exactly once, by onEnd or onFail, after it left the session. */
export interface SessionOwner {
  onHead(stream: H2Stream, status: number, lines: string): void
  onBody(stream: H2Stream, data: Buffer, start: number, end: number): void
  onEnd(stream: H2Stream): void
  /** `refused`: the server said it did not process the request (REFUSED_STREAM, or past a GOAWAY's last stream). */
  onFail(stream: H2Stream, error: Error, refused: boolean): void
  /** The server's GOAWAY or our own limit: no new stream goes on this session. */
  onDraining(session: H2Session): void
  /** Room for another stream: the server raised its limit (a stream that ends frees its own place through onEnd or onFail). */
  onRoom(session: H2Session): void
}

export class H2Session implements StreamSession {
  readonly socket: Duplex
  readonly streams = new Map<number, H2Stream>()
  /** No new stream: a GOAWAY came, stream ids ran out, or the session failed. */
  draining = false
  closed = false
  /** The server's SETTINGS arrived (the first thing it must send). */
  settled = false
  /** Streams that completed on it: a request on a session that carried one before met a keep-alive race if it closes. */
  completed = 0
  peerMaxStreams = Infinity
  private peerWindow = DEFAULT_WINDOW
  private peerMaxFrame = DEFAULT_MAX_FRAME
  private sendWindow = DEFAULT_WINDOW
  private unacked = 0
  private nextId = 1
  private readonly decoder = new HpackDecoder()
  private readonly head = new ResponseHead()
  /** The last header block's octets, while it decoded without the dynamic table (see headBlock). */
  private lastBlock: Buffer | null = null
  /** A frame cut across reads: its octets so far (-1: none). The buffer is kept for the next one. */
  private partial: Buffer | null = null
  private partialLength = -1
  /** HEADERS without END_HEADERS: the stream, its END_STREAM, the block so far. */
  private blockStream = 0
  private blockEnd = false
  private blockParts: Buffer[] = []
  private blockBytes = 0
  private reading = false
  /** The socket was corked for writes made during this read. */
  private corked = false
  /** Streams whose final head came in this read (the first `headedCount`): those still open at its end read the clock then. */
  private readonly headed: H2Stream[] = []
  private headedCount = 0
  /** Octets of connection frames read and written since a request last took them. */
  private controlIn = 0
  private controlOut = 0

  constructor(
    private readonly owner: SessionOwner,
    open: (onread: OnRead) => Duplex,
  ) {
    const onread: OnRead = { buffer: READ_BUFFER, callback: (size: number) => this.onRead(size) }
    const socket = open(onread)
    this.socket = socket
    socket.on('error', (error: Error) => this.onClose(error))
    socket.on('close', () => this.onClose(null))
    socket.on('end', () => this.onClose(null))
    socket.write(OPENING)
    this.controlOut += OPENING.length
  }

  /** Room for one more stream within the server's limit. */
  get hasRoom(): boolean {
    return !this.draining && this.streams.size < this.peerMaxStreams
  }

  /** Sends a request: HEADERS (and CONTINUATION) with its encoded block, then its body as the windows allow. */
  start(stream: H2Stream): void {
    const id = this.nextId
    this.nextId += 2
    if (this.nextId > MAX_WINDOW) this.drain()
    stream.id = id
    stream.session = this
    stream.sendWindow = this.peerWindow
    this.streams.set(id, stream)
    const block = stream.block
    const body = stream.body
    const endStream = body === null || body.length === 0 ? FLAG_END_STREAM : 0
    const socket = this.socket
    // Several writes (CONTINUATION frames, a body) leave as one; a lone HEADERS frame needs no cork.
    const cork = !this.reading && (endStream === 0 || block.length > this.peerMaxFrame)
    if (cork) socket.cork()
    else if (this.reading) this.holdWrites()
    stream.handler!.bytesOut += block.length + FRAME_HEADER * Math.max(1, Math.ceil(block.length / this.peerMaxFrame))
    if (block.length <= this.peerMaxFrame) {
      socket.write(headersFrame(stream, FLAG_END_HEADERS | endStream, id))
    } else {
      // These frames are not the stream's own: its kept one carried no request the next answer is to.
      stream.frameSent = false
      for (let at = 0; at < block.length; at += this.peerMaxFrame) {
        const end = Math.min(block.length, at + this.peerMaxFrame)
        const header = Buffer.allocUnsafe(FRAME_HEADER)
        const last = end === block.length ? FLAG_END_HEADERS : 0
        writeFrameHeader(header, 0, end - at, at === 0 ? HEADERS : CONTINUATION, at === 0 ? last | endStream : last, id)
        socket.write(header)
        socket.write(block.subarray(at, end))
      }
    }
    if (endStream === 0) this.sendBody(stream)
    if (cork) socket.uncork()
  }

  /** Ends a stream the connection gave up on (timeout, destroy): RST_STREAM, and it leaves the session. */
  cancel(stream: H2Stream): void {
    if (this.streams.get(stream.id) !== stream) return
    this.streams.delete(stream.id)
    if (!this.closed) this.control(rstStreamFrame(stream.id, CANCEL))
    this.account(stream)
    this.afterStream()
  }

  /** Closes the socket; streams still on it fail with `error`. */
  destroy(error: Error): void {
    if (this.closed) return
    this.closed = true
    this.draining = true
    this.socket.destroy()
    this.failAll(error)
  }

  /** No new stream; the socket closes once the last stream on it ends. */
  drain(): void {
    if (this.draining) return
    this.draining = true
    this.owner.onDraining(this)
  }

  /** A stream left (its owner heard onEnd or onFail, and sends what waits): the last one out of a draining session closes it. */
  private afterStream(): void {
    if (this.draining && this.streams.size === 0) this.destroy(new ClientError('aborted', 'the connection was closed'))
  }

  /**
   * Heads that came in this read without the rest of their answer: now is when they arrived (the
   * handler's headersAtMs, -1 since its head). An answer that ended in the same read needs no
   * clock of its own: its completion time is its head's, as over HTTP/1.1 (h1-connection.ts).
   */
  private stampHeads(): void {
    let now = -1
    for (let i = 0; i < this.headedCount; i++) {
      const stream = this.headed[i]!
      const handler = stream.handler
      if (handler === null || handler.headersAtMs >= 0 || this.streams.get(stream.id) !== stream) continue
      if (now < 0) now = performance.now()
      handler.headersAtMs = now
    }
  }

  /** Corks the socket for the rest of this read, once. */
  private holdWrites(): void {
    if (this.corked) return
    this.corked = true
    this.socket.cork()
  }

  private sendBody(stream: H2Stream): void {
    const body = stream.body!
    if (this.reading) this.holdWrites()
    while (stream.sentBody < body.length) {
      const size = Math.min(body.length - stream.sentBody, this.sendWindow, stream.sendWindow, this.peerMaxFrame)
      if (size <= 0) return
      const start = stream.sentBody
      stream.sentBody += size
      this.sendWindow -= size
      stream.sendWindow -= size
      const header = Buffer.allocUnsafe(FRAME_HEADER)
      stream.handler!.bytesOut += FRAME_HEADER + size
      writeFrameHeader(header, 0, size, DATA, stream.sentBody === body.length ? FLAG_END_STREAM : 0, stream.id)
      this.socket.write(header)
      this.socket.write(body.subarray(start, start + size))
    }
  }

  private sendPendingBodies(): void {
    for (const stream of this.streams.values()) {
      if (stream.body !== null && stream.sentBody < stream.body.length) this.sendBody(stream)
    }
  }

  /** The read is READ_BUFFER[0, size). */
  private onRead(size: number): boolean {
    if (this.closed) return true
    this.reading = true
    try {
      this.take(READ_BUFFER, 0, size)
      if (this.headedCount > 0) this.stampHeads()
    } catch (error) {
      this.failConnection(error)
    } finally {
      this.reading = false
      this.headedCount = 0
      if (this.corked) {
        this.corked = false
        if (!this.closed) this.socket.uncork()
      }
    }
    return true
  }

  /** Reads frames from data[start, end), keeping a frame cut at the end for the next read. */
  private take(data: Buffer, start: number, end: number): void {
    let at = start
    if (this.partialLength >= 0) at = this.completePartial(data, at, end)
    while (!this.closed && at < end) {
      if (end - at < FRAME_HEADER) return this.keep(data, at, end)
      const length = (data[at]! << 16) | (data[at + 1]! << 8) | data[at + 2]!
      this.checkLength(length)
      if (end - at < FRAME_HEADER + length) return this.keep(data, at, end)
      this.frame(data, at, length)
      at += FRAME_HEADER + length
    }
  }

  private checkLength(length: number): void {
    if (length > DEFAULT_MAX_FRAME) throw new H2ProtocolError(FRAME_SIZE_ERROR, `a frame of ${length} octets, above the ${DEFAULT_MAX_FRAME} SETTINGS_MAX_FRAME_SIZE allows`)
  }

  /** Starts a partial frame with data[at, end). */
  private keep(data: Buffer, at: number, end: number): void {
    this.partial ??= Buffer.allocUnsafe(FRAME_HEADER + DEFAULT_MAX_FRAME)
    this.partialLength = data.copy(this.partial, 0, at, end)
  }

  /** Adds to the partial frame; once whole, reads it. Returns where the rest of the read starts. */
  private completePartial(data: Buffer, at: number, end: number): number {
    const partial = this.partial!
    if (this.partialLength < FRAME_HEADER) {
      const copied = data.copy(partial, this.partialLength, at, Math.min(end, at + FRAME_HEADER - this.partialLength))
      this.partialLength += copied
      at += copied
      if (this.partialLength < FRAME_HEADER) return end
    }
    const length = (partial[0]! << 16) | (partial[1]! << 8) | partial[2]!
    this.checkLength(length)
    const copied = data.copy(partial, this.partialLength, at, Math.min(end, at + FRAME_HEADER + length - this.partialLength))
    this.partialLength += copied
    at += copied
    if (this.partialLength < FRAME_HEADER + length) return end
    // Nothing keeps a view of a frame past its handling (bodies and split heads are copied): the buffer is reused.
    this.partialLength = -1
    this.frame(partial, 0, length)
    return at
  }

  private frame(data: Buffer, at: number, length: number): void {
    const type = data[at + 3]!
    const flags = data[at + 4]!
    const id = ((data[at + 5]! & 0x7f) << 24) | (data[at + 6]! << 16) | (data[at + 7]! << 8) | data[at + 8]!
    const start = at + FRAME_HEADER
    const end = start + length
    const stream = id === 0 ? undefined : this.streams.get(id)
    if (stream === undefined) this.controlIn += FRAME_HEADER + length
    else stream.handler!.bytesIn += FRAME_HEADER + length
    if (!this.settled && type !== SETTINGS) throw new H2ProtocolError(PROTOCOL_ERROR, `the server's first frame is not SETTINGS (type ${type})`)
    if (this.blockStream !== 0 && type !== CONTINUATION) throw new H2ProtocolError(PROTOCOL_ERROR, `a frame of type ${type} inside a header block (CONTINUATION expected)`)
    switch (type) {
      case DATA: return this.data(data, start, end, flags, id, stream)
      case HEADERS: return this.headers(data, start, end, flags, id, stream)
      case PRIORITY: return this.priority(length, id)
      case RST_STREAM: return this.rstStream(data, start, length, id)
      case SETTINGS: return this.settings(data, start, length, flags, id)
      case PUSH_PROMISE: throw new H2ProtocolError(PROTOCOL_ERROR, 'PUSH_PROMISE, though SETTINGS_ENABLE_PUSH is 0')
      case PING: return this.ping(data, start, length, flags, id)
      case GOAWAY: return this.goaway(data, start, length, id)
      case WINDOW_UPDATE: return this.windowUpdate(data, start, length, id)
      case CONTINUATION: return this.continuation(data, start, end, flags, id)
      default: // unknown frame types are ignored (RFC 9113 §4.1)
    }
  }

  /** The stream `id` names: one in flight, undefined for one that ended, an error for one never opened. */
  private streamFor(id: number, what: string, found = this.streams.get(id)): H2Stream | undefined {
    if (found !== undefined) return found
    if (id === 0) throw new H2ProtocolError(PROTOCOL_ERROR, `${what} on stream 0`)
    if ((id & 1) === 0 || id >= this.nextId) throw new H2ProtocolError(PROTOCOL_ERROR, `${what} on stream ${id}, which the client never opened`)
    return undefined
  }

  /** `found`: the stream in flight with this id, looked up once per frame. */
  private data(data: Buffer, start: number, end: number, flags: number, id: number, found: H2Stream | undefined): void {
    const stream = this.streamFor(id, 'DATA', found)
    const length = end - start
    this.unacked += length
    if (this.unacked > CONNECTION_WINDOW) throw new H2ProtocolError(FLOW_CONTROL_ERROR, `DATA past the connection's flow-control window (${CONNECTION_WINDOW} octets)`)
    if (this.unacked >= CONNECTION_WINDOW / 2) {
      this.control(windowUpdateFrame(0, this.unacked))
      this.unacked = 0
    }
    if (flags & FLAG_PADDED) {
      const pad = length > 0 ? data[start]! : 0
      if (length === 0 || pad >= length) throw new H2ProtocolError(PROTOCOL_ERROR, 'DATA padding as long as the frame')
      start += 1
      end -= pad
    }
    if (stream === undefined) return // a stream that ended (cancelled, reset): counted for the window, dropped
    if (stream.status === 0) return this.streamError(stream, PROTOCOL_ERROR, 'DATA before the final head')
    stream.unacked += length
    if (stream.unacked > STREAM_WINDOW) return this.streamError(stream, FLOW_CONTROL_ERROR, `DATA past the stream's flow-control window (${STREAM_WINDOW} octets)`)
    stream.bodyBytes += end - start
    if (end > start && (stream.isHead || stream.status === 204 || stream.status === 304)) return this.streamError(stream, PROTOCOL_ERROR, `a body in an answer that has none (${stream.isHead ? 'HEAD' : stream.status})`)
    if (stream.contentLength >= 0 && stream.bodyBytes > stream.contentLength) return this.streamError(stream, PROTOCOL_ERROR, `more body than its content-length ${stream.contentLength}`)
    if (end > start) this.owner.onBody(stream, data, start, end)
    if (flags & FLAG_END_STREAM) return this.endStream(stream)
    if (stream.unacked >= STREAM_WINDOW / 2) {
      this.control(windowUpdateFrame(id, stream.unacked))
      stream.unacked = 0
    }
  }

  private headers(data: Buffer, start: number, end: number, flags: number, id: number, found: H2Stream | undefined): void {
    if (id === 0 || (id & 1) === 0) throw new H2ProtocolError(PROTOCOL_ERROR, `HEADERS on stream ${id}, which the client never opened`)
    if (flags & FLAG_PADDED) {
      const pad = end > start ? data[start]! : 0
      start += 1
      end -= pad
    }
    if (flags & FLAG_PRIORITY) start += 5
    if (start > end) throw new H2ProtocolError(PROTOCOL_ERROR, 'HEADERS padding or priority longer than the frame')
    if (flags & FLAG_END_HEADERS) return this.headBlock(id, data, start, end, (flags & FLAG_END_STREAM) !== 0, found)
    this.blockStream = id
    this.blockEnd = (flags & FLAG_END_STREAM) !== 0
    this.blockParts = [Buffer.from(data.subarray(start, end))]
    this.blockBytes = end - start
  }

  private continuation(data: Buffer, start: number, end: number, flags: number, id: number): void {
    if (this.blockStream === 0) throw new H2ProtocolError(PROTOCOL_ERROR, 'CONTINUATION without HEADERS before it')
    if (id !== this.blockStream) throw new H2ProtocolError(PROTOCOL_ERROR, `CONTINUATION on stream ${id} inside stream ${this.blockStream}'s header block`)
    this.blockBytes += end - start
    if (this.blockBytes > MAX_HEADER_BLOCK) throw new H2ProtocolError(ENHANCE_YOUR_CALM, `a header block over ${MAX_HEADER_BLOCK} octets`)
    this.blockParts.push(Buffer.from(data.subarray(start, end)))
    if ((flags & FLAG_END_HEADERS) === 0) return
    const block = Buffer.concat(this.blockParts)
    this.blockStream = 0
    this.blockParts = []
    this.headBlock(id, block, 0, block.length, this.blockEnd)
  }

  /** A whole header block: decoded whatever becomes of it (the table must follow), then given to its stream. */
  private headBlock(id: number, data: Buffer, start: number, end: number, endStream: boolean, found?: H2Stream): void {
    let head = this.head
    const last = this.lastBlock
    const shared = SHARED_HEAD
    if (shared.block.length === end - start && sameOctets(shared.block, data, start)) {
      // The octets of a head that neither read nor changed a dynamic table: its fields are those
      // on any session, and this session's table stays as it is.
      head = shared.head
    } else if (last !== null && last.length === end - start && sameOctets(last, data, start)) {
      // The same octets as the previous head, which read nothing from the dynamic table: the
      // same fields (`head` still holds them); only its insertions are made again. Most answers
      // of a load test are alike, so most heads cost a comparison, as over HTTP/1.1.
      this.decoder.replay()
    } else {
      head.begin()
      try {
        this.decoder.decode(data, start, end, head)
      } catch (error) {
        if (error instanceof HpackError) throw new H2ProtocolError(COMPRESSION_ERROR, `invalid HPACK: ${error.message}`)
        throw error
      }
      const independent = this.decoder.independent && end - start <= 4096
      this.lastBlock = independent ? Buffer.from(data.subarray(start, end)) : null
      if (independent && this.decoder.inserted.length === 0) SHARED_HEAD = { block: this.lastBlock!, head: new ResponseHead().copy(head) }
    }
    const stream = this.streamFor(id, 'HEADERS', found)
    if (stream === undefined) return
    stream.answered = true
    stream.frameSent = true
    if (head.problem !== '') return this.streamError(stream, PROTOCOL_ERROR, head.problem)
    if (stream.status !== 0) {
      // Trailers: they end the stream and carry no pseudo-header; read and dropped, as over HTTP/1.1.
      if (!endStream || head.pseudo > 0) return this.streamError(stream, PROTOCOL_ERROR, 'a second head that is not trailers')
      return this.endStream(stream)
    }
    if (head.status < 0) return this.streamError(stream, PROTOCOL_ERROR, 'a head without :status')
    if (head.status < 200) {
      if (endStream || head.status === 101) return this.streamError(stream, PROTOCOL_ERROR, `an interim ${head.status} that ends the stream or switches protocols`)
      return // 1xx: the real answer follows
    }
    stream.status = head.status
    stream.contentLength = head.contentLength
    this.owner.onHead(stream, head.status, head.lines)
    if (!endStream) this.headed[this.headedCount++] = stream
    else if (this.streams.get(id) === stream) this.endStream(stream)
  }

  private endStream(stream: H2Stream): void {
    if (stream.contentLength >= 0 && stream.bodyBytes !== stream.contentLength && !stream.isHead && stream.status !== 204 && stream.status !== 304) {
      return this.streamError(stream, PROTOCOL_ERROR, `a body of ${stream.bodyBytes} octets where content-length says ${stream.contentLength}`)
    }
    this.streams.delete(stream.id)
    this.completed++
    // The answer is whole: a body still going out is not needed any more (RFC 9113 §8.1).
    if (stream.body !== null && stream.sentBody < stream.body.length) this.control(rstStreamFrame(stream.id, NO_ERROR))
    this.account(stream)
    this.owner.onEnd(stream)
    this.afterStream()
  }

  private priority(length: number, id: number): void {
    if (id === 0) throw new H2ProtocolError(PROTOCOL_ERROR, 'PRIORITY on stream 0')
    if (length !== 5) throw new H2ProtocolError(FRAME_SIZE_ERROR, `PRIORITY of ${length} octets (5 expected)`)
  }

  private rstStream(data: Buffer, start: number, length: number, id: number): void {
    if (length !== 4) throw new H2ProtocolError(FRAME_SIZE_ERROR, `RST_STREAM of ${length} octets (4 expected)`)
    const stream = this.streamFor(id, 'RST_STREAM')
    if (stream === undefined) return
    const code = data.readUInt32BE(start)
    this.streams.delete(id)
    this.account(stream)
    const where = stream.status === 0 ? 'before answering' : 'mid-body'
    this.owner.onFail(stream, new ClientError('reset', `the server reset the stream ${where} (${codeName(code)})`), code === REFUSED_STREAM)
    this.afterStream()
  }

  private settings(data: Buffer, start: number, length: number, flags: number, id: number): void {
    if (id !== 0) throw new H2ProtocolError(PROTOCOL_ERROR, `SETTINGS on stream ${id}`)
    if (flags & FLAG_ACK) {
      if (length !== 0) throw new H2ProtocolError(FRAME_SIZE_ERROR, 'a SETTINGS acknowledgement with a payload')
      return
    }
    if (length % 6 !== 0) throw new H2ProtocolError(FRAME_SIZE_ERROR, `SETTINGS of ${length} octets (a multiple of 6 expected)`)
    const roomBefore = this.hasRoom
    for (let at = start; at < start + length; at += 6) {
      const key = data.readUInt16BE(at)
      const value = data.readUInt32BE(at + 2)
      if (key === SETTINGS_ENABLE_PUSH && value > 1) throw new H2ProtocolError(PROTOCOL_ERROR, `SETTINGS_ENABLE_PUSH ${value}`)
      else if (key === SETTINGS_MAX_CONCURRENT_STREAMS) this.peerMaxStreams = value
      else if (key === SETTINGS_INITIAL_WINDOW_SIZE) this.setPeerWindow(value)
      else if (key === SETTINGS_MAX_FRAME_SIZE) {
        if (value < DEFAULT_MAX_FRAME || value > 0xffffff) throw new H2ProtocolError(PROTOCOL_ERROR, `SETTINGS_MAX_FRAME_SIZE ${value}, outside 16384 to 16777215`)
        this.peerMaxFrame = value
      }
    }
    this.settled = true
    this.acknowledge(SETTINGS_ACK_FRAME, 'SETTINGS')
    this.sendPendingBodies()
    if (!roomBefore && this.hasRoom) this.owner.onRoom(this)
  }

  private setPeerWindow(value: number): void {
    if (value > MAX_WINDOW) throw new H2ProtocolError(FLOW_CONTROL_ERROR, `SETTINGS_INITIAL_WINDOW_SIZE ${value}, above 2^31-1`)
    const delta = value - this.peerWindow
    this.peerWindow = value
    for (const stream of this.streams.values()) {
      stream.sendWindow += delta
      if (stream.sendWindow > MAX_WINDOW) throw new H2ProtocolError(FLOW_CONTROL_ERROR, 'SETTINGS_INITIAL_WINDOW_SIZE made a stream window overflow')
    }
  }

  private ping(data: Buffer, start: number, length: number, flags: number, id: number): void {
    if (id !== 0) throw new H2ProtocolError(PROTOCOL_ERROR, `PING on stream ${id}`)
    if (length !== 8) throw new H2ProtocolError(FRAME_SIZE_ERROR, `PING of ${length} octets (8 expected)`)
    if ((flags & FLAG_ACK) === 0) this.acknowledge(pingAckFrame(data, start), 'PING')
  }

  /** Writes an acknowledgement, unless the server sends them faster than it reads them. */
  private acknowledge(frame: Buffer, what: string): void {
    if (this.socket.writableLength > FLOOD_BYTES) throw new H2ProtocolError(ENHANCE_YOUR_CALM, `a ${what} flood: over ${FLOOD_BYTES} octets of acknowledgements the server does not read`)
    this.control(frame)
  }

  /** Writes a frame of the connection's own (counted for the next request to end). */
  private control(frame: Buffer): void {
    this.controlOut += frame.length
    if (this.reading) this.holdWrites()
    this.socket.write(frame)
  }

  /** A request leaves the session: it takes the connection's frames counted since the last one. */
  private account(stream: H2Stream): void {
    const handler = stream.handler
    if (handler === null) return
    handler.bytesIn += this.controlIn
    handler.bytesOut += this.controlOut
    this.controlIn = 0
    this.controlOut = 0
  }

  private goaway(data: Buffer, start: number, length: number, id: number): void {
    if (id !== 0) throw new H2ProtocolError(PROTOCOL_ERROR, `GOAWAY on stream ${id}`)
    if (length < 8) throw new H2ProtocolError(FRAME_SIZE_ERROR, `GOAWAY of ${length} octets (8 at least)`)
    const last = data.readUInt32BE(start) & 0x7fffffff
    const code = data.readUInt32BE(start + 4)
    this.draining = true
    this.owner.onDraining(this)
    for (const [streamId, stream] of [...this.streams]) {
      if (streamId <= last) continue
      this.streams.delete(streamId)
      this.account(stream)
      this.owner.onFail(stream, new ClientError('reset', `the server's GOAWAY (${codeName(code)}) came before it took the request`), true)
    }
    if (this.streams.size === 0) this.destroy(new ClientError('aborted', 'the connection was closed'))
  }

  private windowUpdate(data: Buffer, start: number, length: number, id: number): void {
    if (length !== 4) throw new H2ProtocolError(FRAME_SIZE_ERROR, `WINDOW_UPDATE of ${length} octets (4 expected)`)
    const increment = data.readUInt32BE(start) & 0x7fffffff
    if (id === 0) {
      if (increment === 0) throw new H2ProtocolError(PROTOCOL_ERROR, 'a WINDOW_UPDATE of 0')
      this.sendWindow += increment
      if (this.sendWindow > MAX_WINDOW) throw new H2ProtocolError(FLOW_CONTROL_ERROR, 'a WINDOW_UPDATE that makes the connection window overflow 2^31-1')
      return this.sendPendingBodies()
    }
    const stream = this.streamFor(id, 'WINDOW_UPDATE')
    if (stream === undefined) return
    if (increment === 0) return this.streamError(stream, PROTOCOL_ERROR, 'a WINDOW_UPDATE of 0')
    stream.sendWindow += increment
    if (stream.sendWindow > MAX_WINDOW) return this.streamError(stream, FLOW_CONTROL_ERROR, 'a WINDOW_UPDATE that makes the stream window overflow 2^31-1')
    if (stream.body !== null && stream.sentBody < stream.body.length) this.sendBody(stream)
  }

  /** The stream broke the protocol: RST_STREAM with `code`, and its request fails. */
  private streamError(stream: H2Stream, code: number, message: string): void {
    this.streams.delete(stream.id)
    this.control(rstStreamFrame(stream.id, code))
    this.account(stream)
    this.owner.onFail(stream, new ClientError('bad_response', `HTTP/2 ${codeName(code)} on the stream: ${message}`), false)
    this.afterStream()
  }

  /** The connection broke the protocol (or threw): GOAWAY with the code, the socket closed, every stream fails. */
  private failConnection(error: unknown): void {
    if (this.closed) return
    const code = error instanceof H2ProtocolError ? error.code : PROTOCOL_ERROR
    const message = error instanceof Error ? error.message : String(error)
    this.partialLength = -1
    this.blockParts = []
    this.socket.write(goawayFrame(0, code))
    this.socket.uncork()
    this.socket.end()
    this.draining = true
    this.owner.onDraining(this)
    this.destroy(new ClientError('bad_response', `HTTP/2 ${codeName(code)}: ${message}`))
  }

  /** The socket ended or failed: what is still on it fails (a retry is the connection's call). */
  private onClose(error: Error | null): void {
    if (this.closed) return
    this.closed = true
    this.draining = true
    this.owner.onDraining(this)
    this.socket.destroy()
    this.failAll(error)
  }

  private failAll(error: Error | null): void {
    const streams = [...this.streams.values()]
    this.streams.clear()
    for (const stream of streams) {
      this.account(stream)
      const failure = error ?? new ClientError('reset', stream.status === 0 ? 'the server closed the connection before answering' : 'the server closed the connection mid-body')
      this.owner.onFail(stream, failure, false)
    }
  }
}

/**
 * The stream's HEADERS frame for its block, flags and id. Its last frame is reused (the id
 * written into it) when the block and flags are the same and the server answered the request it
 * carried, which it cannot do before the frame was read whole: no write still holds it. (A
 * hostile server that answers a stream id before reading its HEADERS, with the frame still queued
 * on a plain-TCP socket it does not read, gets a later id in that frame: on its own connection.)
 */
function headersFrame(stream: H2Stream, flags: number, id: number): Buffer {
  const block = stream.block
  let frame = stream.frame
  if (frame === null || !stream.frameSent || stream.frameBlock !== block || frame[4] !== flags) {
    frame = Buffer.allocUnsafe(FRAME_HEADER + block.length)
    writeFrameHeader(frame, 0, block.length, HEADERS, flags, id)
    frame.set(block, FRAME_HEADER)
    stream.frame = frame
    stream.frameBlock = block
  } else {
    frame.writeUInt32BE(id, 5) // where writeFrameHeader puts it
  }
  stream.frameSent = false
  return frame
}

/**
 * The last head any session decoded that read no dynamic table and inserted nothing: a pure
 * function of its octets. The sessions of a run mostly receive one head, so most heads are a
 * comparison with this one, which stays in the cache, rather than with each session's own.
 */
let SHARED_HEAD: { block: Buffer; head: ResponseHead } = { block: Buffer.alloc(0), head: new ResponseHead() }

/** Whether data[start, start + a.length) holds a's octets (a head block is short: a loop beats a call into C++). */
function sameOctets(a: Buffer, data: Buffer, start: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== data[start + i]) return false
  return true
}
