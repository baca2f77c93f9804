import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { bundle } from '../src/build/bundles.ts'
import { answerOf, lambdaEvent } from './helpers/lambda-events.ts'
import type { LambdaRequest, LambdaResult } from './helpers/lambda-events.ts'
import { node22 } from './helpers/node22.ts'
import { ROOT } from './helpers/store-run.ts'
import { postgresMissing, startTestPostgres } from './helpers/test-postgres.ts'
import type { TestPostgres } from './helpers/test-postgres.ts'
import { tempDir } from './helpers/temp-dir.ts'

/** The Lambda bundle in two separate Node 22 processes (two "containers") on one DATABASE_URL. */
const node = await node22()
const test = suite('lambda-postgres', { deadline: 600, missing: 'unavailable' in node ? node.unavailable : await postgresMissing() })
const run = promisify(execFile)
let pg: TestPostgres
test.before(async () => {
  pg = await startTestPostgres('edgeload-lambda-pg-')
})

const dir = tempDir('edgeload-lambda-pg-')
const zip = join(dir.path, 'zip')
let n = 0

/** One container: a fresh Node 22 process that loads the bundle and runs these invocations. */
async function container(requests: LambdaRequest[], env: Record<string, string>): Promise<{ status: number; body: string }[]> {
  const events = join(dir.path, `events-${n++}.json`)
  writeFileSync(events, JSON.stringify(requests.map((r, i) => lambdaEvent('http-api-v2', r, i))))
  const { stdout } = await run((node as { path: string }).path, [join(ROOT, 'test/runtimes/lambda-invoke.mjs'), join(zip, 'index.mjs'), events], {
    cwd: zip,
    env: { PATH: process.env.PATH ?? '', STEPS_DB: join(dir.path, `private-${n}.db`), NODE_OPTIONS: '--disable-warning=ExperimentalWarning', ...env },
    timeout: 60_000,
  })
  const line = stdout.split('\n').find((l) => l.startsWith('LAMBDA-RESULTS '))
  if (!line) throw new Error(`no results from the Lambda driver:\n${stdout}`)
  return (JSON.parse(line.slice('LAMBDA-RESULTS '.length)).results as LambdaResult[]).map((r) => {
    const answer = answerOf(r)
    return { status: answer.status, body: answer.body }
  })
}

test('a write through one container is read through another', async () => {
  mkdirSync(zip)
  await bundle('lambda', { outfile: join(zip, 'index.mjs') })
  const writes = await container([{ method: 'POST', path: '/8/1/2/300' }, { method: 'POST', path: '/8/1/3/5' }], { DATABASE_URL: pg.url })
  assert.equal(writes.map((w) => w.status), [200, 200])
  const [current, health] = await container([{ method: 'GET', path: '/current/8' }, { method: 'GET', path: '/health' }], { DATABASE_URL: pg.url })
  assert.equal(current, { status: 200, body: '305' })
  assert.is(JSON.parse(health.body).store, 'postgres')
  assert.not.ok(health.body.includes(decodeURIComponent(new URL(pg.url).password)))
})

test('without DATABASE_URL each container keeps its own SQLite file (the case docs/deploy-lambda.md warns about)', async () => {
  const [current] = await container([{ method: 'GET', path: '/current/8' }], {})
  assert.is(current.status, 404)
})

test('an unreachable database answers 503 with Retry-After, not 500', async () => {
  const url = pg.url.replace(/:(\d+)\//, ':1/')
  const [answer] = await container([{ method: 'GET', path: '/current/8' }], { DATABASE_URL: url, DB_TIMEOUT_MS: '2000' })
  assert.is(answer.status, 503)
})

test('template.yaml takes the database URL as a NoEcho parameter, committed nowhere', () => {
  const template = readFileSync(join(ROOT, 'template.yaml'), 'utf8')
  assert.match(template, /DatabaseUrl:\n\s+Type: String\n\s+NoEcho: true/)
  assert.match(template, /DATABASE_URL: !Ref DatabaseUrl/)
  const passwords = [...template.matchAll(/postgres:\/\/[^:\s]+:([^@\s]+)@/g)].map((m) => m[1])
  assert.ok(passwords.every((p) => p === 'PASSWORD'), 'only the placeholder PASSWORD in the template')
})

test.after(async () => {
  dir.remove()
  await pg?.remove()
})
test.run()
