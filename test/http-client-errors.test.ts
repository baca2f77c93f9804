import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import type { Scenario } from '../src/load/scenario.ts'
import { runAgainst } from './helpers/engine-run.ts'
import { closedPort, garbageServer, httpServer, resettingServer, silentServer, type TestServer } from './helpers/load-servers.ts'

const test = suite('http-client-errors', { deadline: 120 })

/** Two threads x two iterations of one GET: four requests, whatever happens to them. */
const fourGets: Scenario = {
  threads: 2,
  iterations: 2,
  async iteration(http) {
    await http.get('/x')
  },
}

async function errorKinds(url: string, timeoutMs = 2000): Promise<Record<string, number>> {
  const { summary } = await runAgainst(url, fourGets, { timeoutMs })
  assert.is(summary.overall.requests, 4, 'every request is recorded, none ends the run')
  assert.is(summary.overall.successful, 0)
  return Object.fromEntries(summary.errors.map((e) => [e.kind, e.count]))
}

async function withServer(start: () => Promise<TestServer>, body: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await start()
  try {
    await body(server)
  } finally {
    await server.close()
  }
}

test('a closed port is "refused"', async () => {
  assert.equal(await errorKinds(await closedPort()), { refused: 4 })
})

test('a server that resets the connection is "reset"', async () => {
  await withServer(resettingServer, async (server) => {
    assert.equal(await errorKinds(server.url), { reset: 4 })
  })
})

test('a server that never answers is "timeout" after the per-request timeout', async () => {
  await withServer(silentServer, async (server) => {
    const started = performance.now()
    assert.equal(await errorKinds(server.url, 150), { timeout: 4 })
    assert.ok(performance.now() - started < 2000, 'the timeout, not a default, ended the requests')
  })
})

test('a server that answers garbage is "bad_response"', async () => {
  await withServer(garbageServer, async (server) => {
    assert.equal(await errorKinds(server.url), { bad_response: 4 })
  })
})

test('a host name that does not resolve is "dns"', async () => {
  assert.equal(await errorKinds('http://edgeload-test.invalid:8080'), { dns: 4 })
})

test('HTTP error statuses are counted by status, not as transport errors', async () => {
  await withServer(() => httpServer((_req, res) => { res.statusCode = 503; res.end('busy') }), async (server) => {
    assert.equal(await errorKinds(server.url), { 'http 503': 4 })
  })
})

test('after a reset the thread reconnects and goes on', async () => {
  // The first connection is cut; the next request opens a new one and gets its answer.
  await withServer(() => httpServer((req, res, n) => (n === 1 ? req.socket.resetAndDestroy() : res.end('ok'))), async (server) => {
    const statuses: number[] = []
    const { summary } = await runAgainst(server.url, {
      iterations: 3,
      async iteration(http) {
        statuses.push((await http.get('/')).status)
      },
    })
    assert.equal(statuses, [0, 200, 200])
    assert.equal(summary.errors.map((e) => [e.kind, e.count]), [['reset', 1]])
  })
})

test('a failed request resolves with status 0, ok false and the error kind for the scenario', async () => {
  const url = await closedPort()
  let seen: unknown
  await runAgainst(url, {
    async iteration(http) {
      const res = await http.get('/')
      seen = { status: res.status, ok: res.ok, error: res.error, body: res.body, hasMessage: Boolean(res.errorMessage) }
    },
  })
  assert.equal(seen, { status: 0, ok: false, error: 'refused', body: '', hasMessage: true })
})

test.run()
