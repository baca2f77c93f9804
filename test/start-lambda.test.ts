import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { promisify } from 'node:util'
import * as assert from 'uvu/assert'
import { unavailable } from '../src/local-runtimes/runtimes.ts'
import { readLambdaSettings } from '../src/local-lambda/settings.ts'
import { startServer } from './helpers/node-child.ts'
import { suite } from './helpers/suite.ts'
import { waitUntil } from './helpers/wait-until.ts'

// `npm run start:lambda` as a user runs it, and its settings (docs/deploy-lambda.md, "Local Lambda").
const run = promisify(execFile)
const test = suite('npm run start:lambda', { deadline: 180, missing: unavailable('lambda') })

/** Environment processes (fun's Node bootstrap) whose parent is `pid`. */
function environmentsOf(pid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => {
    try {
      const parent = Number(/\) \S (\d+)/.exec(readFileSync(`/proc/${p}/stat`, 'utf8'))?.[1])
      return parent === pid && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('bootstrap.js')
    } catch {
      return false
    }
  })
}

/** True while the process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

test('settings: documented defaults, and a bad value is an error naming its variable', () => {
  assert.equal(readLambdaSettings({}), { port: 3000, host: '127.0.0.1', concurrency: 10, timeoutMs: 30_000, idleMs: 300_000, memoryMb: 512, databaseUrl: undefined })
  assert.equal(readLambdaSettings({ LAMBDA_CONCURRENCY: '2', LAMBDA_TIMEOUT: '500ms', LAMBDA_IDLE: '1m30s', LAMBDA_MEMORY: '1024' }).idleMs, 90_000)
  assert.throws(() => readLambdaSettings({ LAMBDA_CONCURRENCY: '0' }), /LAMBDA_CONCURRENCY must be an integer from 1/)
  assert.throws(() => readLambdaSettings({ LAMBDA_TIMEOUT: '30' }), /LAMBDA_TIMEOUT must be a duration/)
  // Past 2^31 ms Node's timers fire at once: every invocation would time out, every environment be reaped at once.
  assert.throws(() => readLambdaSettings({ LAMBDA_TIMEOUT: '1000h' }), /LAMBDA_TIMEOUT must be a duration from 1ms to 15m, Lambda's limit/)
  assert.throws(() => readLambdaSettings({ LAMBDA_IDLE: '1000h' }), /LAMBDA_IDLE must be a duration from 1ms to 24h/)
  assert.throws(() => readLambdaSettings({ LAMBDA_TIMEOUT: '0.5ms' }), /LAMBDA_TIMEOUT must be a duration/)
  assert.is(readLambdaSettings({ LAMBDA_TIMEOUT: '15m', LAMBDA_IDLE: '24h' }).idleMs, 86_400_000)
  assert.throws(() => readLambdaSettings({ LAMBDA_MEMORY: '64' }), /LAMBDA_MEMORY must be an integer from 128/)
  assert.throws(() => readLambdaSettings({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL must start with postgres/)
})

test('a bad setting: exit 1 with one line naming it, no stack trace', async () => {
  const failed = await run(process.execPath, ['--import', 'tsx', 'src/local-lambda/cli.ts'], { env: { ...process.env, LAMBDA_IDLE: 'soon' } }).then(() => undefined, (error) => error)
  assert.is(failed?.code, 1)
  assert.match(failed.stderr, /^edgeload local Lambda could not start: LAMBDA_IDLE must be a duration/)
  assert.not.match(failed.stderr, /\n\s+at /)
})

test('serves the bundle with the first request after its listening line; SIGTERM exits 0 and ends every environment', async () => {
  const child = await startServer(process.execPath, ['--import', 'tsx', 'src/local-lambda/cli.ts'], { PORT: '0', HOST: '127.0.0.1', LAMBDA_CONCURRENCY: '3' }, 60_000)
  try {
    assert.match(child.output(), /runtime lambda: .*dist\/lambda\/index\.mjs on @vercel\/fun, Node v22\./)
    assert.match(child.output(), /concurrency 3, timeout 30000 ms, idle 300000 ms, memory 512 MB recorded, not enforced; store sqlite in each environment's own \/tmp/)
    const post = await fetch(`${child.url}/7/1/0/5`, { method: 'POST' })
    assert.is(post.status, 200, await post.text())
    assert.is(post.headers.get('x-cold-start'), '1')
    assert.is(await (await fetch(`${child.url}/current/7`)).text(), '5')
    const environments = environmentsOf(child.process.pid!)
    assert.is(environments.length, 1, 'one environment served both requests')
    assert.is(await child.stop('SIGTERM'), 0)
    assert.match(child.output(), /cold starts 1, throttled 0, timeouts 0, errors 0, reaped 0, most environments at once 1/)
    for (const pid of environments) assert.not.ok(alive(pid), `environment ${pid} ended`)
  } finally {
    await child.stop('SIGKILL')
  }
})

test('kill -9 of start:lambda: its frozen environments and its folder do not outlive it', async () => {
  const child = await startServer(process.execPath, ['--import', 'tsx', 'src/local-lambda/cli.ts'], { PORT: '0', HOST: '127.0.0.1' }, 60_000)
  let environments: number[] = []
  try {
    assert.is((await fetch(`${child.url}/health`)).status, 200)
    environments = environmentsOf(child.process.pid!)
    assert.is(environments.length, 1)
    // start:lambda's folder (the environments' /tmp under it): <dataDir>/env-1/tmp, the environment's TMPDIR.
    const tmp = /(?:^|\0)TMPDIR=([^\0]*)/.exec(readFileSync(`/proc/${environments[0]}/environ`, 'utf8'))?.[1]
    assert.match(tmp ?? '', /\/edgeload-lambda-[^/]+\/env-1\/tmp$/)
    const dataDir = dirname(dirname(tmp!))
    assert.ok(existsSync(dataDir))
    await child.stop('SIGKILL')
    // The watchdog's pipe closes with the killed process; its SIGKILL follows. /proc has no event to wait on.
    await waitUntil(() => !environments.some(alive) && !existsSync(dataDir), 15_000)
    for (const pid of environments) assert.not.ok(alive(pid), `environment ${pid} ended with its local Lambda`)
    assert.not.ok(existsSync(dataDir), `${dataDir} (each environment's /tmp, its SQLite data) removed by the watchdog`)
  } finally {
    await child.stop('SIGKILL')
    for (const pid of environments.filter(alive)) process.kill(pid, 'SIGKILL')
  }
})

test.run()
