import { execFile } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import postgres from 'postgres'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { freePort } from '../bench/lib/ports.ts'
import { tempDir } from './helpers/temp-dir.ts'
import { postgresMissing } from './helpers/test-postgres.ts'

// Skipped only when the PostgreSQL binaries cannot run here; db:start failing otherwise is a failure.
const test = suite('db-cli', { deadline: 300, missing: await postgresMissing() })

/** npm run db:start / db:stop (src/db/cli.ts) on a temp folder and a free port. */
const run = promisify(execFile)
const dir = tempDir('edgeload-db-cli-')
let env: NodeJS.ProcessEnv = process.env
let started = false

async function db(command: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/db/cli.ts', command], { env, timeout: 120_000 })
  return stdout
}

test('db:start starts PostgreSQL in the background and prints the DATABASE_URL that works', async () => {
  env = { ...process.env, EDGELOAD_DB_DIR: dir.path, DB_PORT: String(await freePort()), EDGELOAD_DB_PASSWORD: '' }
  const out = await db('start')
  started = true
  const url = /^DATABASE_URL=(postgres:\/\/edgeload:[^@\s]+@127\.0\.0\.1:\d+\/edgeload)$/m.exec(out)?.[1]
  assert.ok(url, out)
  assert.match(out, new RegExp(`PostgreSQL started on 127\\.0\\.0\\.1:${env.DB_PORT}, data in `))
  const sql = postgres(url!, { max: 1 })
  const [{ ok }] = await sql`SELECT 1 AS ok`
  await sql.end()
  assert.is(ok, 1)
  const password = decodeURIComponent(new URL(url!).password)
  assert.ok(password.length >= 20, 'a generated password')
  assert.is(statSync(join(dir.path, 'edgeload.json')).mode & 0o777, 0o600, 'the password file is private')
  assert.not.ok(readFileSync(join(dir.path, 'postgres.log'), 'utf8').includes(password), 'the server log never holds it')
  assert.match(await db('start'), /PostgreSQL already running on .*\nDATABASE_URL=/, 'a second start says so and prints the same URL')
  assert.ok((await db('start')).includes(url!))
})

test('db:stop stops it, and says so when nothing runs', async () => {
  assert.ok(started, 'db:start must have started it (the test before)')
  assert.match(await db('stop'), /PostgreSQL \(.+\) stopped/)
  assert.match(await db('stop'), /PostgreSQL \(.+\) is not running/)
})

test.after(async () => {
  if (started) await db('stop').catch(() => {})
  dir.remove()
})
test.run()
