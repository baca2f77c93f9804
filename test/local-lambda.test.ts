import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as assert from 'uvu/assert'
import { startLocalLambda } from '../src/local-lambda/start-local-lambda.ts'
import type { LocalLambda, LocalLambdaOptions } from '../src/local-lambda/start-local-lambda.ts'
import { unavailable } from '../src/local-runtimes/runtimes.ts'
import { ServiceSignals } from '../src/load/http/service-signals.ts'
import { runAgainst } from './helpers/engine-run.ts'
import { startGate } from './helpers/gate-server.ts'
import { suite } from './helpers/suite.ts'
import { tempDir } from './helpers/temp-dir.ts'
import { waitUntil } from './helpers/wait-until.ts'

// The local Lambda's execution model (docs/deploy-lambda.md, "Local Lambda"), on its real
// environments (@vercel/fun, Node 22) running test/fixtures/lambda-model/, whose answers say
// which environment (pid) ran them. The bundle itself: local-lambda-store, http-lambda, hostile-lambda.
const FIXTURE = fileURLToPath(new URL('./fixtures/lambda-model/', import.meta.url))
const test = suite('local Lambda: the execution model', { deadline: 300, missing: unavailable('lambda') })

async function withLambda(options: Partial<LocalLambdaOptions>, body: (lambda: LocalLambda) => Promise<void>): Promise<void> {
  const dir = tempDir('edgeload-local-lambda-')
  const lambda = await startLocalLambda({ dataDir: dir.path, code: { dir: FIXTURE, handler: 'index.handler' }, ...options })
  try {
    await body(lambda)
  } finally {
    await lambda.close()
    dir.remove()
  }
}

const get = (lambda: LocalLambda, path: string, init?: RequestInit) => fetch(lambda.url + path, init)
const whoami = async (lambda: LocalLambda) => (await (await get(lambda, '/whoami')).json()) as { pid: number; ticks: number; tmp: string }

/** A process's state letter from /proc (R, S, T for stopped...), or undefined once it is gone. */
function processState(pid: number): string | undefined {
  try {
    return /^\d+ \(.*\) (\S)/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1]
  } catch {
    return undefined
  }
}

/**
 * Waits, up to 5 s, for a process to reach a state. SIGSTOP takes effect when the kernel next
 * schedules the process, which on a busy machine can be after the answer arrived; /proc has no
 * event to wait on.
 */
function stateBecomes(pid: number, state: string): Promise<boolean> {
  return waitUntil(() => processState(pid) === state, 5000)
}

test('N concurrent requests from idle make exactly N cold starts; the N environments then serve warm', async () => {
  const gate = await startGate()
  try {
    await withLambda({ concurrency: 5 }, async (lambda) => {
      const held = [1, 2, 3].map(() => get(lambda, `/gate?url=${encodeURIComponent(gate.url)}`))
      await gate.held(3)
      gate.open()
      const answers = await Promise.all(held)
      assert.equal(answers.map((a) => a.status), [200, 200, 200])
      assert.equal(answers.map((a) => a.headers.get('x-cold-start')), ['1', '1', '1'])
      for (const a of answers) assert.match(a.headers.get('server-timing') ?? '', /(^|, )init;dur=\d+(\.\d+)?$/)
      const pids = new Set((await Promise.all(answers.map((a) => a.json() as Promise<{ pid: number }>))).map((b) => b.pid))
      assert.is(pids.size, 3, 'three environments, three processes')
      assert.is(lambda.record.coldStarts, 3)
      assert.is(lambda.record.initMs.length, 3)
      const again = await get(lambda, '/whoami')
      assert.is(again.headers.get('x-cold-start'), null, 'a free environment is reused: no cold start')
      assert.ok(pids.has(((await again.json()) as { pid: number }).pid))
      assert.is(lambda.record.coldStarts, 3)
      assert.is(lambda.pool.size, 3)
    })
  } finally {
    await gate.close()
  }
})

test('beyond the concurrency limit: 429 {"message":"Too Many Requests"}, and served again once one is free', async () => {
  const gate = await startGate()
  try {
    await withLambda({ concurrency: 2 }, async (lambda) => {
      const held = [1, 2].map(() => get(lambda, `/gate?url=${encodeURIComponent(gate.url)}`))
      await gate.held(2)
      const refused = await get(lambda, '/whoami')
      assert.is(refused.status, 429)
      assert.equal(await refused.json(), { message: 'Too Many Requests' })
      assert.is(lambda.record.throttled, 1)
      gate.open()
      assert.equal((await Promise.all(held)).map((a) => a.status), [200, 200])
      const served = await get(lambda, '/whoami')
      assert.is(served.status, 200)
      assert.is(served.headers.get('x-cold-start'), null)
      assert.is(lambda.record.coldStarts, 2)
    })
  } finally {
    await gate.close()
  }
})

test('an environment is frozen between invocations: its process is stopped and its timers do not run', async () => {
  await withLambda({}, async (lambda) => {
    const first = await whoami(lambda)
    assert.ok(await stateBecomes(first.pid, 'T'), `stopped (SIGSTOP) once its answer is sent; state ${processState(first.pid)}`)
    // Not a synchronisation: the span the frozen process must let pass without running its 5 ms interval.
    await new Promise((resolve) => setTimeout(resolve, 1000)) // pace: the frozen span is the input
    const second = await whoami(lambda)
    assert.is(second.pid, first.pid)
    // Running, 1 s is 200 ticks. Frozen, a few may run before SIGSTOP lands and one overdue tick after the thaw.
    assert.ok(second.ticks - first.ticks < 20, `${second.ticks - first.ticks} ticks ran while frozen`)
  })
})

test('an environment left idle is reaped (its process ends, its /tmp is removed); the next request is a cold start', async () => {
  await withLambda({ idleMs: 150 }, async (lambda) => {
    const reaped = once(lambda.pool, 'reaped')
    const first = await get(lambda, '/whoami')
    const { pid } = (await first.json()) as { pid: number }
    assert.is(first.headers.get('x-cold-start'), '1')
    await reaped
    assert.is(lambda.pool.size, 0)
    assert.is(lambda.record.reaped, 1)
    const state = processState(pid)
    assert.ok(state === undefined || state === 'Z', `the reaped environment's process is gone (state ${state})`)
    const next = await get(lambda, '/whoami')
    assert.is(next.headers.get('x-cold-start'), '1')
    assert.is.not(((await next.json()) as { pid: number }).pid, pid)
  })
})

test('each environment has its own /tmp', async () => {
  const gate = await startGate()
  try {
    await withLambda({}, async (lambda) => {
      const held = [1, 2].map(() => get(lambda, `/gate?url=${encodeURIComponent(gate.url)}`))
      await gate.held(2)
      gate.open()
      const bodies = await Promise.all((await Promise.all(held)).map((a) => a.json() as Promise<{ pid: number; files: string[] }>))
      for (const b of bodies) assert.equal(b.files, [`${b.pid}.mark`], 'only its own marker')
    })
  } finally {
    await gate.close()
  }
})

test('502 when the function throws, returns a malformed result or its process dies; a result without statusCode is a 200 JSON answer', async () => {
  await withLambda({}, async (lambda) => {
    for (const path of ['/throw', '/malformed', '/exit']) {
      const answer = await get(lambda, path)
      assert.is(answer.status, 502, path)
      assert.equal(await answer.json(), { message: 'Internal Server Error' }, path)
    }
    assert.is(lambda.record.errors, 2, 'a throw and a dead process are function errors; a malformed result is the gateway\'s')
    const plain = await get(lambda, '/no-status')
    assert.is(plain.status, 200)
    assert.is(plain.headers.get('content-type'), 'application/json')
    assert.equal(await plain.json(), { hello: 'world' })
  })
})

test('504 at the function timeout; the environment is discarded and the next request is a cold start', async () => {
  await withLambda({ timeoutMs: 300 }, async (lambda) => {
    const warm = await whoami(lambda)
    const timedOut = await get(lambda, '/hang')
    assert.is(timedOut.status, 504)
    assert.equal(await timedOut.json(), { message: 'Gateway Timeout' })
    assert.is(lambda.record.timeouts, 1)
    const next = await get(lambda, '/whoami')
    assert.is(next.headers.get('x-cold-start'), '1')
    assert.is.not(((await next.json()) as { pid: number }).pid, warm.pid)
  })
})

test('413 above the 10 MB payload limit, before any environment starts', async () => {
  await withLambda({}, async (lambda) => {
    const big = await get(lambda, '/event', { method: 'POST', body: new Uint8Array(10 * 1024 * 1024 + 1) })
    assert.is(big.status, 413)
    assert.equal(await big.json(), { message: 'Request Entity Too Large' })
    assert.is(lambda.record.coldStarts, 0)
  })
})

test('the payload 2.0 event: raw path and query, cookies, joined headers, text or base64 body', async () => {
  await withLambda({}, async (lambda) => {
    const text = await (await get(lambda, '/event?a=1&a=2&b=%20x', { method: 'POST', headers: { cookie: 'k=v; k2=v2', 'x-two': 'first', 'content-type': 'text/plain' }, body: 'héllo' })).json()
    assert.is(text.version, '2.0')
    assert.is(text.routeKey, 'ANY /{proxy+}')
    assert.is(text.rawPath, '/event')
    assert.is(text.rawQueryString, 'a=1&a=2&b=%20x')
    assert.equal(text.queryStringParameters, { a: '1,2', b: ' x' })
    assert.equal(text.cookies, ['k=v', 'k2=v2'])
    assert.is(text.headers.cookie, undefined)
    assert.is(text.headers['x-two'], 'first')
    assert.is(text.requestContext.http.method, 'POST')
    assert.is(text.requestContext.stage, '$default')
    assert.equal(text.pathParameters, { proxy: 'event' })
    assert.is(text.isBase64Encoded, false)
    assert.is(text.body, 'héllo')
    const binary = await (await get(lambda, '/event', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 255, 1]) })).json()
    assert.is(binary.isBase64Encoded, true)
    assert.is(binary.body, Buffer.from([0, 255, 1]).toString('base64'))
    const root = await get(lambda, '/')
    assert.is(root.status, 404, 'the template\'s route ANY /{proxy+} does not match /')
    assert.equal(await root.json(), { message: 'Not Found' })
  })
})

test('the runner reads a cold start\'s init from Server-Timing, apart from the app\'s time', () => {
  const signals = new ServiceSignals()
  signals.read('HTTP/1.1 200 OK\r\nx-cold-start: 1\r\nserver-timing: app;dur=0.250, init;dur=412.5\r\n')
  assert.equal([signals.coldStart, signals.serverUs, signals.initUs], [true, 250, 412_500])
  signals.read([Buffer.from('Server-Timing'), Buffer.from('app;dur=0.5, init;dur=7'), Buffer.from('X-Cold-Start'), Buffer.from('1')])
  assert.equal([signals.coldStart, signals.serverUs, signals.initUs], [true, 500, 7000])
  signals.read('HTTP/1.1 200 OK\r\nserver-timing: app;dur=0.250, init;dur=412.5\r\n')
  assert.is(signals.initUs, -1, 'an init is only read on a cold start\'s answer')
})

test('a run against the local Lambda: every cold start counted, each init in the summary', async () => {
  await withLambda({}, async (lambda) => {
    const { summary } = await runAgainst(lambda.url, {
      threads: 3,
      iterations: 4,
      async iteration(http) {
        await http.get('/whoami')
      },
    }, { timeoutMs: 30_000 })
    const { coldStarts, initMs } = lambda.record
    assert.ok(coldStarts >= 1 && coldStarts <= 3)
    assert.is(summary.overall.coldStarts, coldStarts)
    assert.is(summary.overall.initTime?.count, coldStarts)
    // The summary's histogram keeps 3 significant digits of what the front reported.
    const longest = Math.max(...initMs)
    assert.ok(Math.abs(summary.overall.initTime!.max - longest) <= longest / 100, `${summary.overall.initTime!.max} ms against ${longest} ms`)
  })
})

test.run()
