/**
 * A raw-frame HTTP/2 server (h2c, prior knowledge) on 127.0.0.1 for the hostile-server tests:
 * it reads the client's preface and frames and lets each test answer with whatever bytes it
 * likes, valid or not. `frames` helps build them; `block` encodes a head with HPACK.
 */
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { FRAME_HEADER, PREFACE, writeFrameHeader } from '../../src/load/http/h2-frames.ts'
import { HpackEncoder } from '../../src/load/http/hpack-encoder.ts'

export interface ClientFrame {
  type: number
  flags: number
  id: number
  payload: Buffer
}

export interface RawConnection {
  socket: Socket
  /** Which connection of the server's this is (0 for the first). */
  index: number
  send(...frames: Buffer[]): void
}

export interface RawServer {
  origin: string
  /** Connections accepted so far. */
  connections: number
  close(): Promise<void>
}

/** Calls `onFrame` for every frame each client sends after its preface. */
export async function rawH2Server(onFrame: (conn: RawConnection, frame: ClientFrame) => void, onConnection?: (conn: RawConnection) => void): Promise<RawServer> {
  const sockets = new Set<Socket>()
  const state = { connections: 0 }
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    const conn: RawConnection = { socket, index: state.connections++, send: (...frames) => void (!socket.destroyed && socket.write(Buffer.concat(frames))) }
    let buffered = Buffer.alloc(0)
    let prefaced = false
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      if (!prefaced) {
        if (buffered.length < PREFACE.length) return
        prefaced = true
        buffered = buffered.subarray(PREFACE.length)
      }
      while (buffered.length >= FRAME_HEADER) {
        const length = buffered.readUIntBE(0, 3)
        if (buffered.length < FRAME_HEADER + length) break
        const frame = { type: buffered[3]!, flags: buffered[4]!, id: buffered.readUInt32BE(5) & 0x7fffffff, payload: buffered.subarray(FRAME_HEADER, FRAME_HEADER + length) }
        buffered = buffered.subarray(FRAME_HEADER + length)
        onFrame(conn, frame)
      }
    })
    onConnection?.(conn)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get connections() {
      return state.connections
    },
    close: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

/** A frame with this header and payload. */
export function frame(type: number, flags: number, id: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER + payload.length)
  writeFrameHeader(out, 0, payload.length, type, flags, id)
  payload.copy(out, FRAME_HEADER)
  return out
}

const encoder = new HpackEncoder({ indexing: false, huffman: true })

/** An HPACK block for these fields (a flat list of names and values). */
export function block(...fields: string[]): Buffer {
  return encoder.encode(fields)
}

export function u32(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4)
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, i * 4))
  return out
}
