import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { Agent, request } from 'undici'
import { freePort } from '../bench/lib/ports.ts'
import { findNginx } from '../src/fleet/find-nginx.ts'
import { postgresMissing, startTestPostgres } from './helpers/test-postgres.ts'
import type { TestPostgres } from './helpers/test-postgres.ts'

const test = suite('fleet', { deadline: 120 })

/**
 * npm run start:fleet for real: embedded PostgreSQL, three Node instances,
 * nginx in front. The fleet gets this file's own Postgres through DATABASE_URL.
 */
interface Fleet { url: string; pids: number[]; child: ChildProcess; output(): string }

function startFleet(env: NodeJS.ProcessEnv, args: string[]): Promise<Fleet> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/fleet/cli.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGTERM'); reject(new Error(`fleet not up in 60 s:\n${output}`)) }, 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const url = /^edgeload fleet: (http:\/\/\S+)/m.exec(output)?.[1]
      const pids = [...output.matchAll(/instance \d+: http:\S+ \(pid (\d+)\)/g)].map((m) => Number(m[1]))
      if (url && /Ctrl-C stops/.test(output)) { clearTimeout(timer); resolve({ url, pids, child, output: () => output }) }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`fleet exited (${code}) before it was up:\n${output}`)) })
  })
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true } catch { return false } }

test('without nginx the fleet says so and exits 2', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/fleet/cli.ts', '--instances', '2'], {
    env: { ...process.env, NGINX: '/nonexistent/nginx' }, encoding: 'utf8', timeout: 60_000,
  })
  assert.is(run.status, 2)
  assert.match(run.stderr, /^start:fleet needs nginx as its load balancer: NGINX=\/nonexistent\/nginx is not an executable file\. Install it/)
})

const nginx = findNginx(process.env, () => {})
const behindNginx = suite('fleet behind nginx', { deadline: 600, missing: 'unavailable' in nginx ? nginx.unavailable : await postgresMissing() })
{
  const test = behindNginx
  let pg: TestPostgres
  test.before(async () => {
    pg = await startTestPostgres('edgeload-fleet-pg-')
  })
  const agent = new Agent({ connections: 2000, headersTimeout: 30_000, bodyTimeout: 30_000 })
  let fleet: Fleet | undefined
  const send = async (method: string, path: string) => {
    const res = await request(`${fleet!.url}${path}`, { method, dispatcher: agent })
    return { status: res.statusCode, body: await res.body.text() }
  }

  test('three instances behind nginx: 2,000 concurrent POSTs, every total exact', async () => {
    fleet = await startFleet({ DATABASE_URL: pg.url }, ['--instances', '3', '--port', String(await freePort())])
    assert.is(fleet.pids.length, 3)
    const posts = Array.from({ length: 2000 }, (_, i) => send('POST', `/${1 + (i % 10)}/1/${i % 24}/3`))
    const answers = await Promise.all(posts)
    assert.equal([...new Set(answers.map((a) => a.status))], [200], 'every POST acknowledged')
    for (let user = 1; user <= 10; user++) assert.is((await send('GET', `/single/${user}/1`)).body, '600', `user ${user}`)
    const healths = await Promise.all(Array.from({ length: 6 }, () => send('GET', '/health')))
    assert.ok(healths.every((h) => JSON.parse(h.body).store === 'postgres'), 'every instance on the shared store')
  })

  test('kill -9 of one instance mid-burst: every acknowledged write stored, the balancer answers through the others', async () => {
    let answered = 0
    const burst = Array.from({ length: 1500 }, () => send('POST', '/99/1/0/1').then((a) => (answered++, a), () => ({ status: 0, body: '' })))
    await Promise.race(burst) // the fleet is answering the burst
    const answeredAtKill = answered
    process.kill(fleet!.pids[1], 'SIGKILL')
    const answers = await Promise.all(burst)
    assert.ok(answeredAtKill < answers.length, `the premise: requests were in flight at the kill (${answeredAtKill} of ${answers.length} answered)`)
    const acknowledged = answers.filter((a) => a.status === 200).length
    assert.ok(answers.every((a) => a.status === 200 || a.status === 502), `only 200 or 502 (unconfirmed): ${[...new Set(answers.map((a) => a.status))]}`)
    const stored = Number((await send('GET', '/single/99/1')).body)
    assert.ok(stored >= acknowledged, `${stored} stored, ${acknowledged} acknowledged`)
    assert.ok(stored <= answers.length, `${stored} stored of ${answers.length} sent`)
    const after = await Promise.all(Array.from({ length: 60 }, () => send('GET', '/current/99')))
    assert.ok(after.every((a) => a.status === 200 && a.body === String(stored)), 'the survivors answer every request')
    assert.match(fleet!.output(), /instance 2 \(pid \d+\) exited \(SIGKILL\); the balancer goes on with the others/)
  })

  test('SIGTERM stops nginx and every instance, and the fleet exits 0', async () => {
    const exited = once(fleet!.child, 'exit')
    fleet!.child.kill('SIGTERM')
    const [code] = await exited
    assert.is(code, 0)
    assert.match(fleet!.output(), /fleet stopped/)
    assert.ok(fleet!.pids.every((pid) => !alive(pid)), 'no instance left running')
    assert.not.ok(fleet!.output().includes(decodeURIComponent(new URL(pg.url).password)), 'the password is never printed')
    fleet = undefined
  })

  test.after(async () => {
    if (fleet && fleet.child.exitCode === null) {
      fleet.child.kill('SIGTERM')
      await once(fleet.child, 'exit')
    }
    await agent.close()
    await pg?.remove()
  })
}
test.run()
behindNginx.run()
