/**
 * Failures of the load client's own HTTP/1.1 connection, named by the error kind the report
 * uses (error-kind.ts reads `code`), so they classify exactly like undici's and Node's.
 */
import type { ErrorKind } from '../metrics/request-record.ts'

export const CLIENT_ERROR_CODES: Record<string, ErrorKind> = {
  EDGELOAD_BAD_RESPONSE: 'bad_response',
  EDGELOAD_CLOSED: 'reset',
  EDGELOAD_TIMEOUT: 'timeout',
  EDGELOAD_ABORTED: 'aborted',
}

const CODE_OF: Record<'bad_response' | 'reset' | 'timeout' | 'aborted', string> = {
  bad_response: 'EDGELOAD_BAD_RESPONSE',
  reset: 'EDGELOAD_CLOSED',
  timeout: 'EDGELOAD_TIMEOUT',
  aborted: 'EDGELOAD_ABORTED',
}

export class ClientError extends Error {
  readonly code: string

  constructor(kind: keyof typeof CODE_OF, message: string) {
    super(message)
    this.name = 'ClientError'
    this.code = CODE_OF[kind]
  }
}
