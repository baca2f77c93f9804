/**
 * What every connection of a thread (HTTP/1.1, HTTP/2, the ALPN handshake in front of them,
 * transport.ts) does the same way: requests that arrive while it is busy wait here in order; a
 * closed or destroyed connection refuses new ones as `aborted`; close() settles once the
 * connection is idle, destroy() fails whatever waits.
 */
import type { ResponseHandler } from './response-handler.ts'
import { ClientError } from './h1-errors.ts'
import type { PendingRequest } from './transport.ts'

export class RequestQueue<T extends { handler: ResponseHandler } = PendingRequest> {
  closed = false
  destroyed = false
  private waiting: T[] = []
  private closeWaiter: (() => void) | null = null

  get length(): number {
    return this.waiting.length
  }

  get first(): T | undefined {
    return this.waiting[0]
  }

  /** A closed connection takes no request: the handler hears `aborted` (after this call returns). Returns whether it refused. */
  refuse(handler: ResponseHandler): boolean {
    if (!this.closed && !this.destroyed) return false
    queueMicrotask(() => handler.onError(new ClientError('aborted', 'the connection was closed')))
    return true
  }

  push(request: T): void {
    this.waiting.push(request)
  }

  shift(): T | undefined {
    return this.waiting.length === 0 ? undefined : this.waiting.shift()
  }

  /** Takes every waiting request out. */
  drain(): T[] {
    const waiting = this.waiting
    this.waiting = []
    return waiting
  }

  /** Marks the connection closed; the promise settles now when it is idle, else at settle(). */
  close(busy: boolean): Promise<void> {
    this.closed = true
    if (!busy && this.waiting.length === 0) return Promise.resolve()
    return new Promise((resolve) => (this.closeWaiter = resolve))
  }

  /**
   * The connection is idle with nothing waiting: a close() waiting for that settles, and the
   * caller shuts its socket. Returns whether one did.
   */
  settle(): boolean {
    if (this.waiting.length > 0 || this.closeWaiter === null) return false
    const resolve = this.closeWaiter
    this.closeWaiter = null
    resolve()
    return true
  }

  /** Marks the connection destroyed; waiting requests fail with `error`, a waiting close() settles. */
  destroy(error: Error): void {
    this.destroyed = true
    for (const request of this.drain()) request.handler.onError(error)
    this.settle()
  }
}
