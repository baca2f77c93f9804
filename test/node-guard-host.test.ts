import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { createApp } from '../handler/app.ts'
import { serveNode } from '../handler/serve-node.ts'
import type { RunningServer } from '../handler/serve-node.ts'
import { createFaultLog } from '../handler/lib/fault-log.ts'
import { createMemoryStore } from '../src/store/memory.ts'
import { rawExchange } from './helpers/raw-exchange.ts'

const test = suite('node-guard-host', { deadline: 60 })

/**
 * The Node guard's Host rule beside the hostile table's `two Host headers`: the
 * repeat is found whatever the case of the second name, also on a connection
 * whose first request's Host passed (the guard remembers a good Host per connection).
 */
let running: RunningServer | undefined
const quiet = createFaultLog({ write: () => {} })

test.before(async () => {
  running = await serveNode(createApp({ store: createMemoryStore(), runtime: 'node', checkTarget: false }), { port: 0, host: '127.0.0.1', graceMs: 100, log: quiet })
})
test.after(async () => {
  await running?.close()
})

for (const second of ['Host', 'HOST', 'hOsT', 'host']) {
  test(`a second Host spelt ${second} is refused with 400 naming Host, after a good request on the connection`, async () => {
    const good = 'GET /myresource HTTP/1.1\r\nHost: x\r\n\r\n'
    const twice = `GET /myresource HTTP/1.1\r\nHost: x\r\n${second}: y\r\n\r\n`
    const got = await rawExchange(running!.port, good + twice, { answers: 2, closeWaitMs: 2000 })
    assert.is(got.answers.length, 2, got.raw)
    assert.is(got.answers[0]!.status, 200)
    assert.is(got.answers[1]!.status, 400)
    assert.is(JSON.parse(got.answers[1]!.body).field, 'Host')
    assert.ok(got.closed, 'the connection is closed after the refusal')
  })
}

test('a header merely named like Host (Hosts, Ghst) is no second Host', async () => {
  const got = await rawExchange(running!.port, 'GET /myresource HTTP/1.1\r\nHost: x\r\nHosts: y\r\nGhst: z\r\n\r\n')
  assert.is(got.status, 200, got.raw)
})

test.run()
