/**
 * The parts of a distributed run start each phase together (docs/distributed.md, "Phases in
 * step"). In the `phases` form a phase starts when the one before reached its `startNext` (by
 * default: all its threads done). One part sees only its own threads, so alone it would start the
 * next phase when its own share is done: a part with no thread in Warmup would skip it and run
 * ahead. Each part therefore tells a barrier when its own share reached the gate, and starts the
 * next phase only when every part has: the moment the whole run's phase is done (exactly, for the
 * default startNext of 1; for a smaller one, never before the whole run reached it either).
 *
 * Locally the parts are processes on one machine: the first to reach a gate hosts the barrier on
 * a Unix socket named after the run, the others connect to it. On Kubernetes the Indexed Job's
 * pod 0 hosts it on a port and the others reach it through the headless Service
 * (`EDGELOAD_COORDINATOR=host:port`, set by `node runner k8s`).
 */
import { createHash } from 'node:crypto'
import { unlinkSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Part } from '../load/executors/executor.ts'
import type { RunControl } from '../load/run-control.ts'
import type { PhaseBarrier } from '../load/scheduler.ts'
import { hostBarrier, type BarrierHost } from './barrier-host.ts'
import { jsonLine, onJsonLines } from './json-lines.ts'

export interface BarrierOptions {
  part: Part
  /** What every part of this run shares and another run does not (the same command line in the same folder). */
  runKey: string
  /** `host:port` of the barrier (pod 0 of a Kubernetes Job); locally a Unix socket named after runKey. */
  coordinator?: string
  say(text: string): void
}

/** How long a part keeps trying to reach a coordinator that is not listening yet (pod 0 still starting). */
const CONNECT_PATIENCE_MS = 10 * 60_000

export function phaseBarrier(o: BarrierOptions): PhaseBarrier {
  let connection: Promise<Socket> | undefined
  let host: BarrierHost | undefined
  const opened = new Set<number>()
  const waiting = new Map<number, () => void>()
  const receive = (socket: Socket, control: RunControl) => {
    onJsonLines(socket, (message) => {
      if (!Number.isInteger(message.open)) return
      const gate = message.open as number
      opened.add(gate)
      waiting.get(gate)?.()
    })
    // A lost barrier must not hold a part forever: every gate opens (the merge will say what went wrong).
    socket.on('close', () => {
      if (control.stopped || waiting.size === 0) return
      o.say(`--segment ${o.part.index + 1}/${o.part.count}: lost the other parts' barrier; this part goes on alone`)
      for (const open of waiting.values()) open()
    })
    socket.on('error', () => {})
  }
  const join = async (control: RunControl): Promise<Socket> => {
    const { listen, address } = where(o)
    if (listen) host = await listenOrJoin(o.part.count, listen)
    const socket = await connectPatiently(address, control)
    socket.write(jsonLine({ hello: o.part.index, count: o.part.count }))
    receive(socket, control)
    return socket
  }
  return {
    async gate(index, phaseName, local, control) {
      await local
      if (control.stopped) return
      const socket = await (connection ??= join(control))
      if (opened.has(index)) return
      socket.ref()
      const announced = setTimeout(() => o.say(`--segment ${o.part.index + 1}/${o.part.count}: ${phaseName} done here; waiting for the other parts before the next phase`), 5000)
      await new Promise<void>((resolve) => {
        const unsubscribe = control.onStop(finish)
        function finish(): void {
          unsubscribe()
          waiting.delete(index)
          resolve()
        }
        waiting.set(index, finish)
        socket.write(jsonLine({ reached: index }))
      })
      clearTimeout(announced)
      socket.unref()
    },
    close() {
      void connection?.then((socket) => socket.end(), () => {})
      host?.close()
    },
  }
}

type Address = { path: string } | { host: string; port: number }

function where(o: BarrierOptions): { listen?: Address; address: Address } {
  if (o.coordinator) {
    const match = /^(.+):(\d+)$/.exec(o.coordinator)
    if (!match) throw new Error(`EDGELOAD_COORDINATOR must be host:port, got ${JSON.stringify(o.coordinator)}`)
    const port = Number(match[2])
    return o.part.index === 0 ? { listen: { host: '0.0.0.0', port }, address: { host: '127.0.0.1', port } } : { address: { host: match[1]!, port } }
  }
  const name = createHash('sha256').update(o.runKey).digest('hex').slice(0, 16)
  const path = join(tmpdir(), `edgeload-${name}.sock`)
  return { listen: { path }, address: { path } }
}

/** Hosts the barrier, unless another part already does (locally: the first part to get there). */
async function listenOrJoin(count: number, address: Address): Promise<BarrierHost | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const host = hostBarrier(count)
    const problem = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      host.server.once('error', resolve)
      host.server.listen(address, () => resolve(undefined))
    })
    if (!problem) {
      host.server.unref()
      return host
    }
    if (problem.code !== 'EADDRINUSE' || !('path' in address)) throw problem
    // In use: another part hosts it, or a socket file left by a run that was killed. A part that
    // has bound the file but not yet listened refuses for an instant: ask again before removing it.
    for (let tries = 0; tries < 3; tries++) {
      if (await reachable(address)) return undefined
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    unlinkSync(address.path)
  }
  return undefined
}

function reachable(address: Address): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(address as { path: string })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

async function connectPatiently(address: Address, control: RunControl): Promise<Socket> {
  const deadline = Date.now() + CONNECT_PATIENCE_MS
  for (let wait = 100; ; wait = Math.min(2000, wait * 2)) {
    const socket = await new Promise<Socket | undefined>((resolve) => {
      const s = connect(address as { path: string })
      s.once('connect', () => resolve(s))
      s.once('error', () => resolve(undefined))
    })
    if (socket) return socket
    if (Date.now() > deadline || control.stopped) throw new Error(`could not reach the other parts' barrier at ${'path' in address ? address.path : `${address.host}:${address.port}`}`)
    await new Promise((resolve) => setTimeout(resolve, wait))
  }
}
