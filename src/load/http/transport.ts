/**
 * What thread-http.ts asks of a connection, whatever it speaks: HTTP/1.1 over TCP or TLS
 * (h1-connection.ts), HTTP/2 (h2-connection.ts), or TLS that learns which from ALPN
 * (alpn-connection.ts). One request at a time; a thread's overlapping requests queue.
 */
import type { ResponseHandler } from './response-handler.ts'

/** k6's words for what a response came over (`res.protocol`). */
export type Protocol = 'HTTP/1.1' | 'HTTP/2.0'

export interface Transport {
  closed: boolean
  destroyed: boolean
  /** Sends a request; the handler hears its answer or its failure. Throws on an invalid path. */
  dispatch(
    method: string, path: string, headers: readonly string[], body: Buffer | null, timeoutMs: number,
    nowMs: number, handler: ResponseHandler,
  ): void
  /** Lets a request in flight finish, then closes. */
  close(): Promise<void>
  /** Cuts the connection now; a request in flight fails as aborted. */
  destroy(): Promise<void>
}

/** A request as dispatch() received it, kept while the connection is busy or not yet open. */
export interface PendingRequest {
  method: string
  path: string
  headers: readonly string[]
  body: Buffer | null
  timeoutMs: number
  handler: ResponseHandler
}
