/**
 * Opens a thread's TLS socket to an https origin: the scenario's certificate settings
 * (tls-settings.ts), SNI with the host name (never with an IP address, which RFC 6066 forbids),
 * and the protocols offered by ALPN. The transports above it are the runner's own
 * (h1-connection.ts, h2-connection.ts, alpn-connection.ts), so TLS costs what node:tls costs.
 */
import { isIP } from 'node:net'
import { connect, createSecureContext, type ConnectionOptions, type TLSSocket } from 'node:tls'
import type { TlsSettings } from './tls-settings.ts'

/** What ALPN offers: HTTP/1.1 only (`http2: false`), HTTP/2 only, or both, h2 preferred. */
export type Alpn = readonly ('h2' | 'http/1.1')[]

export interface TlsTarget {
  host: string
  port: number
  /** The options every socket to this host shares. */
  options: ConnectionOptions
}

export function tlsTarget(origin: string, settings: TlsSettings): TlsTarget {
  const url = new URL(origin)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  return { host, port: Number(url.port) || 443, options: optionsFor(settings, host) }
}

const contexts = new WeakMap<TlsSettings, Map<string, ConnectionOptions>>()

/**
 * One secure context per host and scenario, shared by every thread's sockets: without it
 * tls.connect builds an OpenSSL context (and reads the client certificate) for each socket.
 */
function optionsFor(settings: TlsSettings, host: string): ConnectionOptions {
  let byHost = contexts.get(settings)
  if (!byHost) contexts.set(settings, (byHost = new Map()))
  let options = byHost.get(host)
  if (!options) {
    const { rejectUnauthorized, ...context } = settings.forHost(host)
    options = { rejectUnauthorized, secureContext: createSecureContext(context) }
    if (isIP(host) === 0) options.servername = host
    byHost.set(host, options)
  }
  return options
}

/** `onread` as net.connect takes it (reads land in one buffer handed to a callback). */
export interface OnRead {
  buffer: Buffer
  callback: (size: number) => boolean
}

export function openTls(target: TlsTarget, alpn: Alpn, onread?: OnRead): TLSSocket {
  const socket = connect({ ...target.options, host: target.host, port: target.port, ALPNProtocols: alpn as string[], onread } as ConnectionOptions)
  socket.setNoDelay(true)
  return socket
}
