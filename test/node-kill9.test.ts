import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { once } from 'node:events'
import { Agent, request } from 'undici'
import { startServer, type Child } from './helpers/node-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('node-kill9', { deadline: 300 })

/**
 * Durability under kill -9 (issue 13): concurrent writers post to the Node
 * entry, the process is killed mid-burst, and a restart on the same SQLite
 * file must hold every acknowledged write (a 200 means committed) and nothing
 * that was never sent. Each writer is one user, so its total is its count.
 */
const WRITERS = 8
const ROUNDS = 3
/** The kill comes once this many writes were acknowledged, whatever the timing. */
const KILL_AFTER_ACKS = 300

interface Writer { user: number; sent: number; acked: number }

test(`kill -9 mid-burst, ${ROUNDS} rounds of ${WRITERS} writers: stored >= acknowledged, nothing unsent`, async () => {
  const dir = tempDir('edgeload-kill9-')
  const env = { PORT: '0', HOST: '127.0.0.1', STEPS_DB: dir.file('steps.db') }
  const start = () => startServer(process.execPath, ['--import', 'tsx', 'handler/node.ts'], env)
  let child: Child = await start()
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const agent = new Agent({ connections: WRITERS })
      const writers: Writer[] = Array.from({ length: WRITERS }, (_, i) => ({ user: 1000 + round * 100 + i, sent: 0, acked: 0 }))
      let acks = 0
      let killed!: () => void
      const killTime = new Promise<void>((resolve) => { killed = resolve })
      const url = child.url
      const write = async (w: Writer) => {
        for (;;) {
          w.sent++
          const ok = await request(`${url}/${w.user}/1/${w.sent % 24}/1`, { method: 'POST', dispatcher: agent })
            .then(async (res) => { await res.body.dump(); return res.statusCode === 200 }, () => false)
          if (!ok) return
          w.acked++
          if (++acks === KILL_AFTER_ACKS) killed()
        }
      }
      const running = Promise.all(writers.map(write))
      await killTime
      const exited = once(child.process, 'exit')
      child.process.kill('SIGKILL')
      await exited
      await running
      await agent.close()

      child = await start()
      for (const w of writers) {
        const res = await fetch(`${child.url}/single/${w.user}/1`)
        const stored = res.status === 404 ? 0 : Number(await res.text())
        assert.ok(stored >= w.acked, `round ${round}, user ${w.user}: ${stored} stored < ${w.acked} acknowledged`)
        assert.ok(stored <= w.sent, `round ${round}, user ${w.user}: ${stored} stored > ${w.sent} sent`)
      }
      const totals = writers.reduce((t, w) => ({ sent: t.sent + w.sent, acked: t.acked + w.acked }), { sent: 0, acked: 0 })
      console.log(`  round ${round}: ${totals.acked} acknowledged, ${totals.sent} sent, all stored`)
    }
  } finally {
    if (child.process.exitCode === null && child.process.signalCode === null) await child.stop('SIGKILL')
    dir.remove()
  }
})

test.run()
