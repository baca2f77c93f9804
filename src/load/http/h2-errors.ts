/**
 * HTTP/2's error codes (RFC 9113 §7) and the two kinds of error the runner's HTTP/2 client
 * detects in what a server sends: a connection error (the connection is unusable: GOAWAY, every
 * request on it fails) and a stream error (one request fails: RST_STREAM). Both reach the
 * scenario as a ClientError of kind `bad_response` naming the code; what the server itself
 * resets or refuses is a `reset` (docs/http-client.md, "HTTP/2 errors").
 */
export const NO_ERROR = 0x0
export const PROTOCOL_ERROR = 0x1
export const INTERNAL_ERROR = 0x2
export const FLOW_CONTROL_ERROR = 0x3
export const SETTINGS_TIMEOUT = 0x4
export const STREAM_CLOSED = 0x5
export const FRAME_SIZE_ERROR = 0x6
export const REFUSED_STREAM = 0x7
export const CANCEL = 0x8
export const COMPRESSION_ERROR = 0x9
export const CONNECT_ERROR = 0xa
export const ENHANCE_YOUR_CALM = 0xb
export const INADEQUATE_SECURITY = 0xc
export const HTTP_1_1_REQUIRED = 0xd

const NAMES = [
  'NO_ERROR', 'PROTOCOL_ERROR', 'INTERNAL_ERROR', 'FLOW_CONTROL_ERROR', 'SETTINGS_TIMEOUT', 'STREAM_CLOSED', 'FRAME_SIZE_ERROR',
  'REFUSED_STREAM', 'CANCEL', 'COMPRESSION_ERROR', 'CONNECT_ERROR', 'ENHANCE_YOUR_CALM', 'INADEQUATE_SECURITY', 'HTTP_1_1_REQUIRED',
]

export function codeName(code: number): string {
  return NAMES[code] ?? `code 0x${code.toString(16)}`
}

/** Something the server sent breaks HTTP/2 so that the connection cannot go on (a connection error). */
export class H2ProtocolError extends Error {
  constructor(readonly code: number, message: string) {
    super(message)
  }
}
