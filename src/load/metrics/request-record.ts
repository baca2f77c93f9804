// What the HTTP client reports for every request it finishes (or fails to finish).

/**
 * Why no HTTP response arrived ('tls': the handshake failed, see `errorReason`), or, with a 3xx
 * status, 'redirects': the request was still redirected when its limit was reached.
 */
export type ErrorKind = 'refused' | 'reset' | 'timeout' | 'dns' | 'tls' | 'bad_response' | 'aborted' | 'redirects' | 'other'

export const ERROR_KINDS: readonly ErrorKind[] = ['refused', 'reset', 'timeout', 'dns', 'tls', 'bad_response', 'aborted', 'redirects', 'other']

export interface RequestRecord {
  phase: string
  /** 'default' for the phases form. */
  scenario: string
  /** '' outside a group; '::name' (nested '::outer::inner') inside `ctx.group`. */
  group: string
  /** The request's own `tags` option. */
  tags: Record<string, string> | undefined
  /** The phase's (or scenario's) `tags`. */
  scenarioTags: Record<string, string> | undefined
  endpoint: string
  method: string
  /** HTTP status; 0 when no response arrived. */
  status: number
  /** Set when no response arrived (or a redirect limit was reached). */
  error?: ErrorKind
  /** With a responseCallback only: the status was one it expects (and an answer came). */
  expected?: boolean
  /** What the errors table shows after the kind: `tls (self-signed)`. */
  errorReason?: string
  /** From the (scheduled) start to the end of the body, in microseconds. */
  latencyUs: number
  bytesIn: number
  bytesOut: number
  /** The response carried `X-Cold-Start: 1`. */
  coldStart: boolean
  /** From `Server-Timing: app;dur=<ms>`, in microseconds. */
  serverUs?: number
  /** A cold start's init as the service reported it (`Server-Timing: init;dur=`, the local Lambda's front), µs. */
  initUs?: number
  /** TCP connect, when this request opened the connection. */
  connectUs?: number
  /** TLS handshake, when this request opened an https connection. */
  tlsUs?: number
  /** From the script's call to the request going out: opening a connection, or waiting behind another request on it. */
  blockedUs?: number
  /** Handing the request's bytes to the socket. */
  sendingUs?: number
  waitingUs?: number
  receivingUs?: number
  /** Rate phases: latency from the actual send (the recorded latency counts from the scheduled start). */
  uncorrectedUs?: number
  /** Milliseconds since the run started (monotonic) when the request ended. */
  atMs: number
}

/** Successful means a 2xx or 3xx answer (the original counted only 200). */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 400
}

/**
 * Counted as failed (http_req_failed; k6's expected_response:false): no answer, an answer that
 * stopped a chain of redirects at its limit, or a status the responseCallback does not expect
 * (without one: not 2xx or 3xx).
 */
export function isFailure(r: RequestRecord): boolean {
  if (r.expected !== undefined) return !r.expected || r.error !== undefined
  return r.error !== undefined || !isSuccess(r.status)
}

/** The errors table's row of a failed request that got no usable answer: its kind, with the reason when known. */
export function errorKey(r: RequestRecord): string {
  const kind = r.error ?? 'other'
  return r.errorReason === undefined ? kind : `${kind} (${r.errorReason})`
}

/** A request's tag by name, for thresholds such as `http_req_duration{status:500}`; custom tags last. */
export function requestTag(r: RequestRecord, tag: string): string | undefined {
  switch (tag) {
    case 'name': return r.endpoint
    case 'method': return r.method
    case 'status': return String(r.status)
    case 'error': return r.error
    case 'phase': return r.phase
    case 'scenario': return r.scenario
    case 'group': return r.group
    case 'expected_response': return isFailure(r) ? 'false' : 'true'
    default: return r.tags?.[tag] ?? r.scenarioTags?.[tag]
  }
}
