import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { freePort } from '../bench/lib/ports.ts'
import { startServer, type Child } from './helpers/node-child.ts'
import { postgresMissing, startTestPostgres } from './helpers/test-postgres.ts'
import type { TestPostgres } from './helpers/test-postgres.ts'

const test = suite('node-entry-postgres', { deadline: 300, missing: await postgresMissing() })

const run = promisify(execFile)
let pg: TestPostgres
let password = ''
test.before(async () => {
  pg = await startTestPostgres('edgeload-node-pg-')
  password = decodeURIComponent(new URL(pg.url).password)
})

let child: Child | undefined
const start = (env: Record<string, string>) => startServer(process.execPath, ['--import', 'tsx', 'handler/node.ts'], { PORT: '0', HOST: '127.0.0.1', ...env })

test('with DATABASE_URL the Node entry serves every route from Postgres and names it, without the password', async () => {
  await pg.truncate()
  child = await start({ DATABASE_URL: pg.url })
  assert.match(child.output(), /store postgres \(postgres:\/\/edgeload@127\.0\.0\.1:\d+\/edgeload\)/)
  const post = await fetch(`${child.url}/3/2/5/700`, { method: 'POST' })
  assert.is(post.status, 200)
  assert.is(await (await fetch(`${child.url}/current/3`)).text(), '700')
  assert.is(await (await fetch(`${child.url}/single/3/1`)).text(), '0')
  assert.equal(await (await fetch(`${child.url}/range/3/1/3`)).json(), [0, 700, 0])
  assert.is((await fetch(`${child.url}/current/4`)).status, 404)
  const health = await (await fetch(`${child.url}/health`)).text()
  assert.is(JSON.parse(health).store, 'postgres', '/health names the engine, not where it is')
  assert.not.ok(health.includes(password), '/health never shows the password')
  assert.is(await child.stop('SIGTERM'), 0)
  assert.not.ok(child.output().includes(password), 'the log never shows the password')
})

test('a second instance on the same DATABASE_URL sees the first one\'s writes', async () => {
  child = await start({ DATABASE_URL: pg.url })
  assert.is(await (await fetch(`${child.url}/current/3`)).text(), '700')
  await child.stop('SIGTERM')
})

test('an unreachable DATABASE_URL at start: one line, exit 1, no stack trace, no password', async () => {
  const url = `postgres://edgeload:${encodeURIComponent(password)}@127.0.0.1:${await freePort()}/edgeload`
  const failed = await run(process.execPath, ['--import', 'tsx', 'handler/node.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url, DB_START_TIMEOUT_MS: '1500' },
    timeout: 30_000,
  }).then(() => undefined, (e: { code: number; stdout: string; stderr: string }) => e)
  assert.ok(failed, 'must not start')
  assert.is(failed!.code, 1)
  const lines = `${failed!.stdout}${failed!.stderr}`.trim().split('\n')
  assert.is(lines.length, 1, lines.join('\n'))
  assert.match(lines[0], /^edgeload handler could not start: cannot reach the database postgres:\/\/edgeload@127\.0\.0\.1:\d+\/edgeload .*ECONNREFUSED/)
  assert.not.ok(lines[0].includes(password))
})

test('a DATABASE_URL that is not postgres:// is refused in one line', async () => {
  const failed = await run(process.execPath, ['--import', 'tsx', 'handler/node.ts'], {
    env: { ...process.env, PORT: '0', DATABASE_URL: 'mysql://u:secret@h/db' },
    timeout: 30_000,
  }).then(() => undefined, (e: { code: number; stderr: string }) => e)
  assert.is(failed?.code, 1)
  assert.is(failed!.stderr.trim(), 'edgeload handler could not start: DATABASE_URL must start with postgres:// or postgresql://')
})

test.after(async () => {
  await child?.stop('SIGTERM')
  await pg?.remove()
})
test.run()
