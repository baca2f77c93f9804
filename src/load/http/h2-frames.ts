/**
 * HTTP/2 frames as the runner writes them (RFC 9113 §4, §6): the 9-octet frame header, the
 * connection preface, and the small control frames (SETTINGS, its ACK, WINDOW_UPDATE,
 * RST_STREAM, PING ACK, GOAWAY). HEADERS and DATA are written by h2-session.ts around their
 * payloads.
 */
export const DATA = 0
export const HEADERS = 1
export const PRIORITY = 2
export const RST_STREAM = 3
export const SETTINGS = 4
export const PUSH_PROMISE = 5
export const PING = 6
export const GOAWAY = 7
export const WINDOW_UPDATE = 8
export const CONTINUATION = 9

export const FLAG_END_STREAM = 0x1
export const FLAG_ACK = 0x1
export const FLAG_END_HEADERS = 0x4
export const FLAG_PADDED = 0x8
export const FLAG_PRIORITY = 0x20

export const SETTINGS_HEADER_TABLE_SIZE = 1
export const SETTINGS_ENABLE_PUSH = 2
export const SETTINGS_MAX_CONCURRENT_STREAMS = 3
export const SETTINGS_INITIAL_WINDOW_SIZE = 4
export const SETTINGS_MAX_FRAME_SIZE = 5
export const SETTINGS_MAX_HEADER_LIST_SIZE = 6

export const FRAME_HEADER = 9
export const DEFAULT_WINDOW = 65535
export const DEFAULT_MAX_FRAME = 16384
export const MAX_WINDOW = 0x7fffffff

export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1')

export function writeFrameHeader(out: Buffer, at: number, length: number, type: number, flags: number, streamId: number): void {
  out[at] = length >>> 16
  out[at + 1] = (length >>> 8) & 0xff
  out[at + 2] = length & 0xff
  out[at + 3] = type
  out[at + 4] = flags
  out.writeUInt32BE(streamId, at + 5)
}

/** A SETTINGS frame with these [identifier, value] pairs. */
export function settingsFrame(pairs: readonly (readonly [number, number])[]): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER + pairs.length * 6)
  writeFrameHeader(out, 0, pairs.length * 6, SETTINGS, 0, 0)
  pairs.forEach(([id, value], i) => {
    out.writeUInt16BE(id, FRAME_HEADER + i * 6)
    out.writeUInt32BE(value, FRAME_HEADER + i * 6 + 2)
  })
  return out
}

export const SETTINGS_ACK_FRAME = (() => {
  const out = Buffer.allocUnsafe(FRAME_HEADER)
  writeFrameHeader(out, 0, 0, SETTINGS, FLAG_ACK, 0)
  return out
})()

export function windowUpdateFrame(streamId: number, increment: number): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER + 4)
  writeFrameHeader(out, 0, 4, WINDOW_UPDATE, 0, streamId)
  out.writeUInt32BE(increment, FRAME_HEADER)
  return out
}

export function rstStreamFrame(streamId: number, code: number): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER + 4)
  writeFrameHeader(out, 0, 4, RST_STREAM, 0, streamId)
  out.writeUInt32BE(code, FRAME_HEADER)
  return out
}

export function goawayFrame(lastStreamId: number, code: number): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER + 8)
  writeFrameHeader(out, 0, 8, GOAWAY, 0, 0)
  out.writeUInt32BE(lastStreamId, FRAME_HEADER)
  out.writeUInt32BE(code, FRAME_HEADER + 4)
  return out
}

/** The ACK of a PING: the same eight octets back. */
export function pingAckFrame(payload: Buffer, at: number): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER + 8)
  writeFrameHeader(out, 0, 8, PING, FLAG_ACK, 0)
  payload.copy(out, FRAME_HEADER, at, at + 8)
  return out
}
