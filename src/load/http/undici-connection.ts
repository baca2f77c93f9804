/**
 * A thread's connection to an https origin (or any origin speaking HTTP/2) through undici: TLS
 * with the scenario's certificate settings, HTTP/2 offered by ALPN (`allowH2`) or spoken
 * without TLS by prior knowledge (h2c, which undici's connector supports with `useH2c`), one
 * connection as before. The connector is wrapped only to learn what the handshake chose, so
 * each response can say `HTTP/1.1` or `HTTP/2.0` as k6 does.
 */
import { buildConnector, Client } from 'undici'
import type { ClientSettings } from './client-settings.ts'
import { tlsReason } from './tls-settings.ts'

export type Protocol = 'HTTP/1.1' | 'HTTP/2.0'

export class UndiciConnection extends Client {
  /** What the current (or last) connection speaks. */
  protocol: Protocol = 'HTTP/1.1'
  /**
   * A TLS alert the server sent after the handshake (TLS 1.3 refuses a missing client
   * certificate so): undici then reports only "other side closed", so the reason is kept here.
   */
  tlsFailure: Error | undefined = undefined
  /** Requests handed to it and not yet completed (counted by thread-http.ts). */
  inFlight = 0

  constructor(origin: string, timeoutMs: number, settings: ClientSettings, onConnect: (protocol: Protocol) => void) {
    const url = new URL(origin)
    const h2c = settings.http2 === 'h2c' && url.protocol === 'http:'
    const allowH2 = h2c || (settings.http2 === 'alpn' && url.protocol === 'https:')
    const connector = buildConnector({
      ...(url.protocol === 'https:' ? settings.tls.forHost(url.hostname) : {}),
      allowH2,
      useH2c: h2c,
      timeout: timeoutMs,
    } as buildConnector.BuildOptions)
    const slot: { connection?: UndiciConnection } = {}
    super(origin, {
      pipelining: 1,
      allowH2,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: (options, callback) => connector(options, (error, socket) => {
        const connection = slot.connection
        if (socket && connection) {
          const protocol: Protocol = (socket as { alpnProtocol?: string | false }).alpnProtocol === 'h2' ? 'HTTP/2.0' : 'HTTP/1.1'
          connection.protocol = protocol
          connection.tlsFailure = undefined
          socket.on('error', (failure: Error) => {
            if (tlsReason(failure) !== undefined) connection.tlsFailure = failure
          })
          onConnect(protocol)
        }
        callback(error as Error, socket as never)
      }),
    })
    slot.connection = this
  }

  /**
   * Lets requests in flight finish, then closes. With none in flight it destroys instead:
   * undici 7 keeps a request that failed its TLS handshake (a hostname mismatch) in its queue,
   * and close() then waits for it forever.
   */
  finish(): Promise<void> {
    if (this.closed || this.destroyed) return Promise.resolve()
    return this.inFlight === 0 ? this.destroy() : this.close()
  }
}
