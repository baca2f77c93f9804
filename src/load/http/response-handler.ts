/**
 * What a connection (h1-connection.ts, h2-connection.ts, alpn-connection.ts) tells about the
 * one request it carries; Exchange implements it for the scenario's requests, the tests with
 * their own. A module of its own so the transports and the queue they share import it without
 * importing one another.
 */
export interface ResponseHandler {
  /** False when the scenario does not want the body (responseType 'none'): it is only counted. */
  readonly keepBody: boolean
  /**
   * What crossed the wire for this request, as k6 counts data_received and data_sent: the
   * connection adds every octet it read or wrote for it (status line or HEADERS frames, headers,
   * body, chunk and frame framing, a resend after a keep-alive race; for HTTP/2 also the
   * connection's own frames, SETTINGS, PING, WINDOW_UPDATE, given to the request they came
   * with). TLS records and handshakes are below this and not counted.
   */
  bytesIn: number
  bytesOut: number
  /** -1 until the clock is read: when head and body come in one read, the end time stands for both. */
  headersAtMs: number
  /** `headers`: the CRLF-separated header lines (a repeated head hands the same string again). */
  onHead(status: number, headers: string): void
  /** A request queued behind another goes out only now. */
  onSend(nowMs: number): void
  onData(chunk: Buffer): boolean
  onComplete(): void
  onError(error: Error): void
}
