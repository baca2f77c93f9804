// One browser watching the live dashboard: a server-sent events stream with a bounded queue. The
// run never waits for a viewer: while more than MAX_BUFFERED bytes are still unsent to it (a slow
// or stalled viewer), new events are dropped for it and counted, never buffered without end.
import type { ServerResponse } from 'node:http'

/** Bytes a viewer may have waiting (about a minute of seconds and a history event). */
export const MAX_BUFFERED = 256 * 1024

export class SseViewer {
  /** Events not sent because the viewer had too much waiting. */
  dropped = 0
  sent = 0

  constructor(private readonly response: ServerResponse, private readonly maxBuffered = MAX_BUFFERED) {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    })
    // Ask the browser to come back soon if the stream breaks mid-run.
    response.write('retry: 1000\n\n')
  }

  get closed(): boolean {
    return this.response.destroyed || this.response.writableEnded
  }

  /** Queues one event; false (and counted) when the viewer is too far behind or gone. */
  send(event: string, data: unknown): boolean {
    if (this.closed || this.response.writableLength > this.maxBuffered) {
      this.dropped++
      return false
    }
    this.response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    this.sent++
    return true
  }

  end(): void {
    if (!this.closed) this.response.end()
  }
}
