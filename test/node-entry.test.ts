import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { Agent, request } from 'undici'
import { startServer, type Child } from './helpers/node-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('node-entry', { deadline: 300 })

const dir = tempDir('edgeload-node-')
const env = { PORT: '0', HOST: '127.0.0.1', STEPS_DB: dir.file('nested/steps.db') }
const agent = new Agent({ connections: 500 })
let child: Child | undefined

const startNode = () => startServer(process.execPath, ['--import', 'tsx', 'handler/node.ts'], env)

async function send(method: string, url: string): Promise<{ status: number; body: string }> {
  const res = await request(url, { method, dispatcher: agent })
  return { status: res.statusCode, body: await res.body.text() }
}

test('npm start\'s entry logs its URL, runtime and store', async () => {
  child = await startNode()
  assert.match(child.output(), /listening on http:\/\/127\.0\.0\.1:\d+ \(runtime node v\d+.*store sqlite \(better-sqlite3\)/)
  assert.equal(await send('GET', `${child.url}/myresource`), { status: 200, body: 'Got it!' })
})

test('500 concurrent POSTs over real sockets give exact totals', async () => {
  const posts = Array.from({ length: 500 }, (_, i) => send('POST', `${child!.url}/${1 + (i % 5)}/1/${i % 24}/7`))
  const answers = await Promise.all(posts)
  assert.ok(answers.every((a) => a.status === 200), 'every post acknowledged')
  for (let user = 1; user <= 5; user++) {
    assert.is((await send('GET', `${child!.url}/single/${user}/1`)).body, '700')
  }
})

test('SIGTERM lets the server exit 0, and the data is there after a restart', async () => {
  assert.is(await child!.stop('SIGTERM'), 0)
  child = await startNode()
  assert.is((await send('GET', `${child.url}/current/3`)).body, '700')
})

test('SIGTERM during a burst loses no acknowledged write', async () => {
  let answered = 0
  const burst = Array.from({ length: 300 }, () => send('POST', `${child!.url}/42/1/0/1`).then((a) => (answered++, a), () => undefined))
  await Promise.race(burst) // the server is answering the burst
  const answeredAtSignal = answered
  const exit = child!.stop('SIGTERM')
  const acknowledged = (await Promise.all(burst)).filter((a) => a?.status === 200).length
  assert.is(await exit, 0)
  assert.ok(answeredAtSignal < 300, `the premise: requests were still in flight when SIGTERM landed (${answeredAtSignal} of 300 answered)`)
  child = await startNode()
  const stored = await send('GET', `${child.url}/single/42/1`)
  assert.is(stored.status === 404 ? 0 : Number(stored.body), acknowledged)
})

test('a bad PORT is a clear error, not a stack trace', async () => {
  const failed = startServer(process.execPath, ['--import', 'tsx', 'handler/node.ts'], { ...env, PORT: 'eighty' }, 10_000)
  const err = await failed.then(() => undefined, (e: Error) => e)
  assert.ok(err, 'must not start')
  assert.match(err!.message, /PORT must be an integer/)
  assert.not.match(err!.message, /at .*\.ts:\d+/)
})

test.after(async () => {
  await child?.stop('SIGTERM')
  await agent.close()
  dir.remove()
})
test.run()
