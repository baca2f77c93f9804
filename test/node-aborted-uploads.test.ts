import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { connect } from 'node:net'
import { startServer } from './helpers/node-child.ts'

const test = suite('node-aborted-uploads', { deadline: 300 })

/**
 * Issue 13, item 6, end to end: uploads aborted mid-body (the client resets
 * the connection) are not recorded, and the Node entry's log stays one line
 * per event with no stack trace, at most a burst per kind.
 */
const ABORTS = 30

function abortedUpload(port: number, path: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n0123456789`, () => {
        // Once the server has the head and part of the body, cut the connection.
        setImmediate(() => socket.resetAndDestroy())
      })
    })
    socket.on('error', () => {})
    socket.on('close', () => resolve())
  })
}

test(`${ABORTS} aborted uploads: nothing recorded, no stack traces, a bounded number of log lines`, async () => {
  const child = await startServer(process.execPath, ['--import', 'tsx', 'handler/node.ts'], { PORT: '0', HOST: '127.0.0.1', STEPS_DB: ':memory:' })
  try {
    const port = Number(new URL(child.url).port)
    for (let i = 0; i < ABORTS; i++) await abortedUpload(port, i % 2 ? '/myresource' : '/5/1/0/1')
    assert.is((await fetch(`${child.url}/current/5`)).status, 404, 'no aborted step POST was recorded')
    assert.is((await fetch(`${child.url}/health`)).status, 200)
    const lines = child.output().split('\n').filter((line) => line && !line.includes('listening on'))
    assert.equal(lines.filter((line) => /^\s+at /.test(line)), [], 'no stack frames')
    assert.ok(lines.length <= 10, `at most a burst per kind, got ${lines.length} lines:\n${lines.join('\n')}`)
  } finally {
    await child.stop('SIGKILL')
  }
})

test.run()
