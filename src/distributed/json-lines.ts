/**
 * The parts' barrier speaks lines of JSON over a socket (barrier-host.ts, phase-barrier.ts): one
 * object a line. Calls `onMessage` with each line's object as it completes; a line that is not a
 * JSON object is skipped (the peer is another program, or a newer edgeload).
 */
import type { Socket } from 'node:net'

export function onJsonLines(socket: Socket, onMessage: (message: Record<string, unknown>) => void): void {
  let buffered = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => {
    buffered += chunk
    let newline: number
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const message = parseLine(buffered.slice(0, newline))
      buffered = buffered.slice(newline + 1)
      if (message) onMessage(message)
    }
  })
}

/** One line as the JSON-lines message it carries. */
export function jsonLine(message: Record<string, unknown>): string {
  return `${JSON.stringify(message)}\n`
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line) as unknown
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
