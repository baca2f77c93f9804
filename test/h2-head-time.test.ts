/**
 * When the runner's HTTP/2 client says an answer's head arrived (the handler's headersAtMs,
 * which splits a request's time into k6's waiting and receiving): read from the clock at the
 * end of the read that brought the head when the body is still to come, and not read at all
 * (-1: the completion time stands for both) when head and body came in one read, as over
 * HTTP/1.1. A raw-frame server on 127.0.0.1 decides which by what it sends when.
 */
import * as assert from 'uvu/assert'
import { DATA, FLAG_END_HEADERS, FLAG_END_STREAM, HEADERS, SETTINGS } from '../src/load/http/h2-frames.ts'
import type { ResponseHandler } from '../src/load/http/response-handler.ts'
import { block, frame, rawH2Server, type RawConnection } from './helpers/h2-raw-server.ts'
import { ownConnection } from './helpers/h2-clients.ts'
import { suite } from './helpers/suite.ts'

const test = suite('h2 head time', { deadline: 60 })

const HEAD = (id: number) => frame(HEADERS, FLAG_END_HEADERS, id, block(':status', '200', 'content-length', '2'))
const BODY = (id: number) => frame(DATA, FLAG_END_STREAM, id, Buffer.from('ok'))

/** A handler as Exchange is: onHead marks the head unread by the clock (-1). Tells when the head came and when the answer ended. */
function handler(): { handler: ResponseHandler; head: Promise<void>; done: Promise<number> } {
  let headSeen!: () => void
  let ended!: (atMs: number) => void
  let failed!: (error: Error) => void
  const head = new Promise<void>((resolve) => (headSeen = resolve))
  const done = new Promise<number>((resolve, reject) => {
    ended = resolve
    failed = reject
  })
  const h: ResponseHandler = {
    keepBody: true,
    bytesIn: 0,
    bytesOut: 0,
    headersAtMs: 0,
    onHead() {
      h.headersAtMs = -1
      headSeen()
    },
    onSend() {},
    onData: () => true,
    onComplete: () => ended(performance.now()),
    onError: (error) => failed(error),
  }
  return { handler: h, head, done }
}

test('a head whose body comes in a later read gets the clock at the end of its own read', async () => {
  let stream = 0
  let conn: RawConnection | undefined
  const server = await rawH2Server((c, f) => {
    if (f.type !== HEADERS) return
    conn = c
    stream = f.id
    c.send(HEAD(f.id)) // the body waits for the test
  }, (c) => c.send(frame(SETTINGS, 0, 0)))
  const connection = ownConnection(server.origin)
  try {
    const { handler: h, head, done } = handler()
    const sentMs = performance.now()
    connection.dispatch('GET', '/slow', [], null, 20_000, sentMs, h)
    await head
    // The read that brought the head has ended once this macrotask runs.
    await new Promise((resolve) => setImmediate(resolve))
    const headMs = h.headersAtMs
    assert.ok(headMs >= sentMs, `headersAtMs ${headMs} read after the send at ${sentMs}`)
    conn!.send(BODY(stream))
    const endMs = await done
    assert.is(h.headersAtMs, headMs, 'the body does not move the head time')
    assert.ok(endMs >= headMs)
  } finally {
    await connection.destroy()
    await server.close()
  }
})

test('head and body in one read: no clock read for the head (the end time stands for both)', async () => {
  const server = await rawH2Server((c, f) => {
    if (f.type === HEADERS) c.send(HEAD(f.id), BODY(f.id))
  }, (c) => c.send(frame(SETTINGS, 0, 0)))
  const connection = ownConnection(server.origin)
  try {
    for (let i = 0; i < 3; i++) {
      const { handler: h, done } = handler()
      connection.dispatch('GET', '/fast', [], null, 20_000, performance.now(), h)
      await done
      assert.is(h.headersAtMs, -1, `request ${i + 1}`)
    }
  } finally {
    await connection.destroy()
    await server.close()
  }
})

test.run()
