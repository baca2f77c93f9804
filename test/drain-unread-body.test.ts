import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { drainUnreadBody } from '../handler/drain-unread-body.ts'

const test = suite('drain-unread-body', { deadline: 120 })

/** A request whose body is `chunks` chunks of 1 KiB, counting how many were pulled. */
function countingRequest(chunks: number): { request: Request; pulled: () => number } {
  let pulled = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close()
      pulled++
      controller.enqueue(new Uint8Array(1024))
    },
  })
  const request = new Request('http://worker.test/myresource', { method: 'POST', body, duplex: 'half' } as RequestInit)
  return { request, pulled: () => pulled }
}

test('reads an unread body to its end when it is within the limit', async () => {
  const { request, pulled } = countingRequest(70)
  await drainUnreadBody(request, 100 * 1024)
  assert.is(pulled(), 70)
  assert.ok(request.bodyUsed)
})

test('stops shortly after the limit instead of reading a huge upload', async () => {
  const { request, pulled } = countingRequest(10_000)
  await drainUnreadBody(request, 8 * 1024)
  assert.ok(pulled() <= 10, `pulled ${pulled()} KiB`)
})

test('leaves alone a body the app already read, and requests without one', async () => {
  const { request: read, pulled } = countingRequest(3)
  await read.arrayBuffer()
  assert.ok(read.bodyUsed && pulled() === 3, 'the premise: the app read the whole body')
  // Reading a used body again throws (a locked stream): draining must not try.
  assert.is(await drainUnreadBody(read).then(() => 'left alone', (e: Error) => e.message), 'left alone')
  assert.is(pulled(), 3)
  const noBody = new Request('http://worker.test/current/1')
  assert.is(noBody.body, null)
  assert.is(await drainUnreadBody(noBody).then(() => 'left alone', (e: Error) => e.message), 'left alone')
  assert.not.ok(noBody.bodyUsed)
})

test.run()
