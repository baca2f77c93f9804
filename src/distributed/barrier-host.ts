/**
 * The host of a distributed run's phase barrier (phase-barrier.ts): the parts tell it each time
 * they reach the end of their share of a phase (what their own scheduler would start the next
 * phase on), and once every part has, it tells them all to start the next phase. Messages are
 * lines of JSON: from a part `{"hello":i,"count":n}` then `{"reached":k}`; to the parts
 * `{"open":k}`. A part whose connection closes before the run's end counts as having reached every
 * gate (it stopped or failed; merge will refuse its missing part), so the others never wait for it;
 * so does a part that has not joined NEVER_JOINED_MS after the first part reached a gate (it was
 * never started, or a part is run alone to try it).
 */
import { createServer, type Server, type Socket } from 'node:net'
import { jsonLine, onJsonLines } from './json-lines.ts'

export interface BarrierHost {
  server: Server
  close(): void
}

/** How long the parts wait at a gate for a part that never joined the run. */
export const NEVER_JOINED_MS = 30_000

export function hostBarrier(count: number): BarrierHost {
  const sockets = new Set<Socket>()
  const joined = new Set<number>()
  const timers: NodeJS.Timeout[] = []
  const reached = new Map<number, Set<number>>()
  const gone = new Set<number>()
  const opened = new Set<number>()
  const openWhereAllReached = () => {
    for (const [gate, parts] of reached) {
      if (opened.has(gate)) continue
      if (parts.size + [...gone].filter((part) => !parts.has(part)).length < count) continue
      opened.add(gate)
      for (const socket of sockets) socket.write(jsonLine({ open: gate }))
    }
  }
  const server = createServer((socket) => {
    sockets.add(socket)
    let part: number | undefined
    onJsonLines(socket, (message) => {
      if (Number.isInteger(message.hello)) joined.add((part = message.hello as number))
      if (Number.isInteger(message.reached) && part !== undefined) {
        const gate = message.reached as number
        if (!reached.has(gate)) {
          reached.set(gate, new Set())
          timers.push(setTimeout(() => {
            for (let p = 0; p < count; p++) if (!joined.has(p)) gone.add(p)
            openWhereAllReached()
          }, NEVER_JOINED_MS).unref())
        }
        reached.get(gate)!.add(part)
        // A gate opened already (a part that joined late) is told at once.
        if (opened.has(gate)) socket.write(jsonLine({ open: gate }))
        openWhereAllReached()
      }
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      sockets.delete(socket)
      if (part !== undefined) gone.add(part)
      openWhereAllReached()
    })
  })
  return {
    server,
    close() {
      for (const timer of timers) clearTimeout(timer)
      for (const socket of sockets) socket.end()
      server.close()
    },
  }
}
