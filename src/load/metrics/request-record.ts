// What the HTTP client reports for every request it finishes (or fails to finish).

/** Why no HTTP response arrived. */
export type ErrorKind = 'refused' | 'reset' | 'timeout' | 'dns' | 'bad_response' | 'aborted' | 'other'

export const ERROR_KINDS: readonly ErrorKind[] = ['refused', 'reset', 'timeout', 'dns', 'bad_response', 'aborted', 'other']

export interface RequestRecord {
  phase: string
  endpoint: string
  method: string
  /** HTTP status; 0 when no response arrived. */
  status: number
  /** Set when no response arrived. */
  error?: ErrorKind
  /** From the (scheduled) start to the end of the body, in microseconds. */
  latencyUs: number
  bytesIn: number
  bytesOut: number
  /** The response carried `X-Cold-Start: 1`. */
  coldStart: boolean
  /** From `Server-Timing: app;dur=<ms>`, in microseconds. */
  serverUs?: number
  connectUs?: number
  waitingUs?: number
  receivingUs?: number
  /** Milliseconds since the run started (monotonic) when the request ended. */
  atMs: number
}

/** Successful means a 2xx or 3xx answer (the original counted only 200). */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 400
}
