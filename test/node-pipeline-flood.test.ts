import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { existsSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { startServer, type Child } from './helpers/node-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('node-pipeline-flood', { deadline: 300 })

/**
 * Issue 13, item 2, bounded: a few connections each pipeline a thousand
 * requests and never read an answer, reconnecting when closed, for a few
 * seconds. A normal client must keep being served and the server's memory
 * must stay bounded (before the fix: about 8.5 MB per flooding connection,
 * and normal clients timed out).
 */
const FLOOD_CONNECTIONS = 24
const PIPELINED = 1000
const FLOOD_MS = 3000
const MORE_MS = 500
/**
 * How long a flooding connection may stay open once the flood stops, and a normal request may
 * take during it: bounds for a machine whose cores are busy elsewhere too (with both kept busy,
 * 15 s and 5 s were seen to fail: 2 of 24 still open, a normal request timed out), not timing claims.
 */
const CLOSE_WAIT_MS = 60_000
const NORMAL_REQUEST_MS = 30_000
/** V8 old space of the server under test. */
const HEAP_CAP_MB = 64
/** Growth of the server's RSS allowed during the flood (garbage included, before V8 collects it). */
const MAX_GROWTH_MB = 150

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) / 1024 : 0
}

/** Resolves true once the server closes the socket, false if it is still open at the deadline. */
function closedByServer(socket: Socket, deadlineMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(true)
    const poke = setInterval(() => socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'), 200)
    const timer = setTimeout(() => { clearInterval(poke); resolve(false) }, deadlineMs)
    socket.once('close', () => { clearInterval(poke); clearTimeout(timer); resolve(true) })
  })
}

const noProc = existsSync('/proc/self/status') ? undefined : 'needs /proc to read the server\'s RSS (Linux)'

test.needs(noProc, 'a pipelined flood that never reads: normal clients still served, server memory bounded', async () => {
  const dir = tempDir('edgeload-flood-')
  // A small old-space cap turns "memory bounded" into "still alive": garbage
  // is collected under the cap, but answers queued without bound exhaust it.
  const args = [`--max-old-space-size=${HEAP_CAP_MB}`, '--import', 'tsx', 'handler/node.ts']
  const child: Child = await startServer(process.execPath, args, { PORT: '0', HOST: '127.0.0.1', STEPS_DB: dir.file('steps.db') })
  const pid = child.process.pid!
  const port = Number(new URL(child.url).port)
  const sockets = new Set<Socket>()
  try {
    assert.is((await fetch(`${child.url}/1/1/0/5`, { method: 'POST' })).status, 200)
    for (let i = 0; i < 20; i++) await fetch(`${child.url}/range/1/1/366`).then((r) => r.text())
    const baseline = rssMb(pid)
    const batch = 'GET /range/1/1/366 HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(PIPELINED)
    let floodOn = true
    let opened = 0
    const flood = () => {
      if (!floodOn) return
      const socket = connect(port, '127.0.0.1')
      opened++
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => {
        sockets.delete(socket)
        flood()
      })
      // Never read, and keep the connection: a paused socket does not even see
      // the server close it. More batches follow while the socket takes them.
      socket.pause()
      socket.write(batch)
      const more = setInterval(() => (socket.destroyed ? clearInterval(more) : socket.write(batch)), MORE_MS)
      socket.on('close', () => clearInterval(more))
    }
    for (let i = 0; i < FLOOD_CONNECTIONS; i++) flood()

    let peak = baseline
    const sampler = setInterval(() => { peak = Math.max(peak, rssMb(pid)) }, 100)
    const served: number[] = []
    const started = Date.now()
    while (Date.now() - started < FLOOD_MS) {
      const res = await fetch(`${child.url}/myresource`, { signal: AbortSignal.timeout(NORMAL_REQUEST_MS) }).then((r) => r.status, () => 0)
      served.push(res)
      await new Promise((resolve) => setTimeout(resolve, 100)) // pace: a normal client's rate during the flood, not a wait for an event
    }
    floodOn = false
    clearInterval(sampler)
    peak = Math.max(peak, rssMb(pid))
    // Every flooding connection still open must be closed by the server once it
    // has read it (a paused socket learns so only when a write fails).
    const stillOpen = [...sockets]
    const hungUp = (await Promise.all(stillOpen.map((socket) => closedByServer(socket, CLOSE_WAIT_MS)))).filter(Boolean).length
    console.log(`  flood: ${opened} connections opened, ${stillOpen.length} open at the end, ${hungUp} of them then closed by the server; ${served.length} normal requests (${served.filter((s) => s === 200).length} answered 200); server RSS ${baseline.toFixed(1)} MB before, peak ${peak.toFixed(1)} MB`)
    assert.is(hungUp, stillOpen.length, 'the server closes every connection that floods it')
    assert.ok(served.length > 0)
    assert.equal(served.filter((s) => s !== 200), [], 'every normal request answered 200 during the flood')
    assert.ok(peak - baseline < MAX_GROWTH_MB, `server RSS grew ${(peak - baseline).toFixed(1)} MB during the flood (limit ${MAX_GROWTH_MB} MB)`)
    for (const socket of sockets) socket.destroy()
    assert.is((await fetch(`${child.url}/health`)).status, 200)
  } finally {
    for (const socket of sockets) socket.destroy()
    await child.stop('SIGKILL')
    dir.remove()
  }
})

test.run()
