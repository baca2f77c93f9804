/**
 * A thread's connection to an https origin that may speak HTTP/2: the first TLS handshake
 * offers `h2` and `http/1.1` by ALPN, and the socket it made goes to the transport the server
 * chose, HTTP/2 (h2-connection.ts) or HTTP/1.1 (h1-connection.ts), which carries every request
 * from then on (and opens its later sockets offering only its own protocol). Requests made
 * during the handshake wait for it; a handshake that fails fails them (a `tls` error with its
 * reason), and the next request tries again.
 *
 * The handshake socket reads into the thread's shared read buffer (read-buffer.ts) from the start,
 * as the transports' own sockets do, and its reads go to the chosen transport's callback for the
 * socket's life: no stream events, no copy of every read. A read that lands before the choice
 * (none should: the server speaks after the handshake) is kept and handed over first.
 */
import type { TLSSocket } from 'node:tls'
import type { ResponseHandler } from './response-handler.ts'
import { ClientError } from './h1-errors.ts'
import type { OnRead } from './tls-socket.ts'
import { READ_BUFFER } from './read-buffer.ts'
import { RequestQueue } from './request-queue.ts'
import type { Protocol, Transport } from './transport.ts'

export interface AlpnChoice {
  /** A TLS socket offering both protocols, reading through `onread`. */
  probe(onread: OnRead): TLSSocket
  /** The transport for what the server chose; `adopt` hands it the handshake's socket once. */
  h1(adopt: (onread: OnRead) => TLSSocket): Transport
  h2(adopt: (onread: OnRead) => TLSSocket): Transport
  onConnect(protocol: Protocol): void
}

export class AlpnConnection implements Transport {
  /** Until the first handshake: HTTP/1.1, what a response that never came says. */
  protocol: Protocol = 'HTTP/1.1'
  private chosen: Transport | null = null
  private socket: TLSSocket | null = null
  /** Requests made during the handshake. */
  private readonly waiting = new RequestQueue()
  private handshakeTimer: NodeJS.Timeout | undefined = undefined

  constructor(private readonly choice: AlpnChoice) {}

  get closed(): boolean {
    return this.waiting.closed
  }

  get destroyed(): boolean {
    return this.waiting.destroyed
  }

  /** The transport the server chose, once it has (thread-http.ts reads its protocol). */
  get transport(): Transport | null {
    return this.chosen
  }

  dispatch(method: string, path: string, headers: readonly string[], body: Buffer | null, timeoutMs: number, nowMs: number, handler: ResponseHandler): void {
    if (this.chosen !== null) return this.chosen.dispatch(method, path, headers, body, timeoutMs, nowMs, handler)
    if (this.waiting.refuse(handler)) return
    this.waiting.push({ method, path, headers, body, timeoutMs, handler })
    if (this.socket === null) this.handshake()
  }

  private handshake(): void {
    let reader: OnRead | undefined
    const early: Buffer[] = []
    const socket = this.choice.probe({
      buffer: READ_BUFFER,
      callback: (size) => {
        // Both transports read the shared buffer: the read is theirs in place.
        if (reader?.buffer === READ_BUFFER) reader.callback(size)
        else if (reader) copyTo(READ_BUFFER.subarray(0, size), reader)
        else early.push(Buffer.from(READ_BUFFER.subarray(0, size)))
        return true
      },
    })
    this.socket = socket
    // No transport watches the requests yet: the handshake gets the first one's timeout.
    this.handshakeTimer = setTimeout(() => failed(new ClientError('timeout', 'no TLS handshake within the request timeout')), this.waiting.first!.timeoutMs)
    const failed = (error: Error): void => {
      if (this.socket !== socket) return
      clearTimeout(this.handshakeTimer)
      this.socket = null
      socket.destroy()
      for (const w of this.waiting.drain()) w.handler.onError(error)
      this.waiting.settle()
    }
    const closed = (): void => failed(new ClientError('reset', 'the server closed the connection during the TLS handshake'))
    socket.on('error', failed)
    socket.on('close', closed)
    socket.once('secureConnect', () => {
      if (this.socket !== socket) return
      clearTimeout(this.handshakeTimer)
      socket.removeListener('error', failed)
      socket.removeListener('close', closed)
      this.socket = null
      if (this.destroyed) return void socket.destroy()
      this.choose(socket, (onread) => {
        reader = onread
        for (const chunk of early.splice(0)) copyTo(chunk, onread)
      })
    })
  }

  /** `read`: from now on the socket's reads go to this `onread`. */
  private choose(socket: TLSSocket, read: (onread: OnRead) => void): void {
    let given = false
    const adopt = (onread: OnRead): TLSSocket => {
      if (given) throw new Error('the handshake socket was handed over already')
      given = true
      read(onread)
      return socket
    }
    this.protocol = socket.alpnProtocol === 'h2' ? 'HTTP/2.0' : 'HTTP/1.1'
    this.chosen = this.protocol === 'HTTP/2.0' ? this.choice.h2(adopt) : this.choice.h1(adopt)
    this.choice.onConnect(this.protocol)
    const now = performance.now()
    for (const w of this.waiting.drain()) this.chosen.dispatch(w.method, w.path, w.headers, w.body, w.timeoutMs, now, w.handler)
    if (this.closed) void this.chosen.close().then(() => this.waiting.settle())
  }

  close(): Promise<void> {
    if (this.chosen !== null) {
      this.waiting.closed = true
      return this.chosen.close()
    }
    // Requests waiting for the handshake go out when it ends; this settles once they are done.
    return this.waiting.close(this.socket !== null)
  }

  destroy(): Promise<void> {
    if (this.chosen !== null) {
      this.waiting.destroyed = true
      return this.chosen.destroy()
    }
    const socket = this.socket
    this.socket = null
    socket?.destroy()
    clearTimeout(this.handshakeTimer)
    this.waiting.destroy(new ClientError('aborted', 'the connection was destroyed'))
    return Promise.resolve()
  }
}

/** A read kept before the choice (or of a transport with its own buffer), copied into its buffer in pieces that fit it. */
function copyTo(chunk: Buffer, onread: OnRead): void {
  for (let at = 0; at < chunk.length; at += onread.buffer.length) {
    const size = chunk.copy(onread.buffer, 0, at, Math.min(chunk.length, at + onread.buffer.length))
    onread.callback(size)
  }
}
