/**
 * A thread's connection to an https origin (or any origin speaking HTTP/2) through undici: TLS
 * with the scenario's certificate settings, HTTP/2 offered by ALPN (`allowH2`) or spoken
 * without TLS by prior knowledge (h2c, which undici's connector supports with `useH2c`), one
 * connection as before. The connector is wrapped only to learn what the handshake chose, so
 * each response can say `HTTP/1.1` or `HTTP/2.0` as k6 does.
 */
import { buildConnector, Client } from 'undici'
import type { ClientSettings } from './client-settings.ts'

export type Protocol = 'HTTP/1.1' | 'HTTP/2.0'

export class UndiciConnection extends Client {
  /** What the current (or last) connection speaks. */
  protocol: Protocol = 'HTTP/1.1'

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
        if (socket && slot.connection) {
          const protocol: Protocol = (socket as { alpnProtocol?: string | false }).alpnProtocol === 'h2' ? 'HTTP/2.0' : 'HTTP/1.1'
          slot.connection.protocol = protocol
          onConnect(protocol)
        }
        callback(error as Error, socket as never)
      }),
    })
    slot.connection = this
  }
}
