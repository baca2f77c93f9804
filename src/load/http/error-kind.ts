/**
 * Sorts a failed request into the report's error kinds. undici and Node name their failures
 * by `code`; the parser's HPE_* codes mean the server answered something that is not HTTP.
 */
import type { ErrorKind } from '../metrics/run-metrics.ts'
import { CLIENT_ERROR_CODES } from './h1-errors.ts'
import { tlsReason } from './tls-settings.ts'

const BY_CODE: Record<string, ErrorKind> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  // undici: "other side closed", the server dropped the connection without an answer.
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  EAI_NODATA: 'dns',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'bad_response',
  UND_ERR_HEADERS_OVERFLOW: 'bad_response',
  UND_ERR_INFO: 'bad_response',
  UND_ERR_ABORTED: 'aborted',
  UND_ERR_ABORT: 'aborted',
  UND_ERR_DESTROYED: 'aborted',
  UND_ERR_CLOSED: 'aborted',
  ABORT_ERR: 'aborted',
  ...CLIENT_ERROR_CODES,
}

export function classifyError(error: unknown): ErrorKind {
  // A refused certificate or a TLS alert: its reason goes in the report (tls-settings.ts).
  if (tlsReason(error) !== undefined) return 'tls'
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string') {
    const known = BY_CODE[code]
    if (known) return known
    if (code.startsWith('HPE_')) return 'bad_response'
    if (code.startsWith('EAI_')) return 'dns'
  }
  const name = (error as Error | null)?.name
  // undici's llhttp errors carry no code when the bytes are not HTTP at all.
  if (name === 'HTTPParserError') return 'bad_response'
  const cause = (error as { cause?: unknown } | null)?.cause
  if (cause && cause !== error) return classifyError(cause)
  if (name === 'AbortError') return 'aborted'
  return 'other'
}
