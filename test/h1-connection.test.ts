/**
 * The plain-http fast path against real servers on 127.0.0.1 (and ::1): framing faults fail at
 * once with the documented error kinds, a close says where the answer stopped, and a server that
 * closes an idle keep-alive connection under a request costs one retry, not an error.
 */
import { createServer as createHttpServer, type IncomingMessage } from 'node:http'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { readFileSync, writeFileSync } from 'node:fs'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import type { HttpResponse, Scenario } from '../src/load/scenario.ts'
import { runAgainst } from './helpers/engine-run.ts'
import { echoServer, tcpServer, type TestServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('h1-connection', { deadline: 300 })

/** One GET; the response and the run's error kinds. */
async function oneGet(url: string, timeoutMs: number): Promise<{ res: HttpResponse; errors: Record<string, number> }> {
  let res: HttpResponse | undefined
  const { summary } = await runAgainst(url, { async iteration(http) { res = await http.get('/') } }, { timeoutMs })
  return { res: res!, errors: Object.fromEntries(summary.errors.map((e) => [e.kind, e.count])) }
}

/** A raw server that writes `bytes` for each request and leaves the connection open. */
function answering(bytes: string): Promise<TestServer> {
  return tcpServer((socket) => socket.write(bytes, 'latin1'))
}

async function using(server: TestServer, body: (server: TestServer) => Promise<void>): Promise<void> {
  try {
    await body(server)
  } finally {
    await server.close()
  }
}

test('a bare-LF head is a bad_response at once, not a timeout', async () => {
  // The connection stays open: a client waiting for CRLFCRLF would end at the 20 s timeout as
  // "timeout"; the kind says which happened.
  await using(await answering('HTTP/1.1 200 OK\nContent-Length: 2\n\nok'), async (server) => {
    const { res, errors } = await oneGet(server.url, 20_000)
    assert.equal(errors, { bad_response: 1 })
    assert.match(res.errorMessage ?? '', /bare LF/)
  })
})

test('Content-Length together with Transfer-Encoding is a bad_response, whatever the order', async () => {
  for (const head of ['Content-Length: 4\r\nTransfer-Encoding: chunked', 'Transfer-Encoding: chunked\r\nContent-Length: 4']) {
    await using(await answering(`HTTP/1.1 200 OK\r\n${head}\r\n\r\n4\r\nWiki\r\n0\r\n\r\n`), async (server) => {
      const { res, errors } = await oneGet(server.url, 20_000)
      assert.equal(errors, { bad_response: 1 }, head)
      assert.match(res.errorMessage ?? '', /Content-Length together with Transfer-Encoding/)
    })
  }
})

test('two Content-Length headers are a bad_response, even when they agree', async () => {
  await using(await answering('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok'), async (server) => {
    assert.equal((await oneGet(server.url, 20_000)).errors, { bad_response: 1 })
  })
})

test('a close after the head says "mid-body"; a close before it, "before answering"', async () => {
  await using(await tcpServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc')), async (server) => {
    const { res, errors } = await oneGet(server.url, 20_000)
    assert.equal(errors, { reset: 1 })
    assert.is(res.errorMessage, 'the server closed the connection mid-body')
  })
  await using(await tcpServer((socket) => socket.end()), async (server) => {
    const { res, errors } = await oneGet(server.url, 20_000)
    assert.equal(errors, { reset: 1 })
    assert.is(res.errorMessage, 'the server closed the connection before answering')
  })
})

type Move = 'answer' | 'close' | 'reset'

/**
 * A raw server deciding per connection and per request on it (both from 1) whether to answer,
 * close (FIN) or reset (RST) without a byte: the keep-alive race made deterministic.
 */
async function racingServer(decide: (connection: number, request: number) => Move): Promise<TestServer & { connections: number }> {
  let connections = 0
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    const connection = ++connections
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let requests = 0
    let pending = ''
    socket.on('data', (data) => {
      pending += data.toString('latin1')
      // Each request is a head (and, for the POSTs here, a 1-byte body after it).
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        const length = Number(/content-length: (\d+)/i.exec(pending.slice(0, end))?.[1] ?? 0)
        pending = pending.slice(end + 4 + length)
        const move = decide(connection, ++requests)
        const body = `c${connection}r${requests}`
        if (move === 'answer') socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
        else if (move === 'close') socket.end()
        else socket.resetAndDestroy()
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    count: 0,
    get connections() { return connections },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    }),
  }
}

/** Two requests one after the other on the thread's connection; their bodies (or error kinds). */
async function twoRequests(url: string, second: 'get' | 'post' | 'del'): Promise<{ answers: string[]; retries: number; errors: Record<string, number> }> {
  const answers: string[] = []
  const { summary } = await runAgainst(url, {
    async iteration(http) {
      for (const res of [await http.get('/1'), second === 'post' ? await http.post('/2', 'x') : second === 'del' ? await http.del('/2') : await http.get('/2')]) {
        answers.push(res.status === 200 ? res.body : `${res.error}`)
      }
    },
  }, { timeoutMs: 20_000 })
  return { answers, retries: summary.overall.retries, errors: Object.fromEntries(summary.errors.map((e) => [e.kind, e.count])) }
}

test('a server closing a reused keep-alive connection under a GET or DELETE: one retry on a new connection, no error', async () => {
  for (const [move, second] of [['close', 'get'], ['reset', 'get'], ['close', 'del']] as const) {
    const server = await racingServer((_connection, request) => (request === 2 ? move : 'answer'))
    await using(server, async () => {
      const run = await twoRequests(server.url, second)
      assert.equal(run, { answers: ['c1r1', 'c2r1'], retries: 1, errors: {} }, `${move} under ${second}`)
      assert.is(server.connections, 2)
    })
  }
})

test('a POST is not sent twice: the same close counts as a reset', async () => {
  const server = await racingServer((_connection, request) => (request === 2 ? 'close' : 'answer'))
  await using(server, async () => {
    assert.equal(await twoRequests(server.url, 'post'), { answers: ['c1r1', 'reset'], retries: 0, errors: { reset: 1 } })
  })
})

test('a retry happens once: when the new connection fails too, the request is a reset', async () => {
  const server = await racingServer((connection, request) => (connection === 1 && request === 1 ? 'answer' : 'close'))
  await using(server, async () => {
    assert.equal(await twoRequests(server.url, 'get'), { answers: ['c1r1', 'reset'], retries: 1, errors: { reset: 1 } })
    assert.is(server.connections, 2)
  })
})

test('a new connection closed before its first answer is not retried', async () => {
  const server = await racingServer(() => 'close')
  await using(server, async () => {
    const { res, errors } = await oneGet(server.url, 20_000)
    assert.equal([res.error, errors], ['reset', { reset: 1 }])
    assert.is(server.connections, 1)
  })
})

test('retries are summed across worker threads and written to the JSON summary', async () => {
  const server = await racingServer((_connection, request) => (request === 2 ? 'close' : 'answer'))
  await using(server, async () => {
    const dir = tempDir('h1-retries-')
    const scenario = dir.file('race.mjs') // plain ESM: a worker thread loads it outside any package
    writeFileSync(scenario, `export default {
  threads: 2,
  iterations: 1,
  async iteration(http) { await http.get('/1'); await http.get('/2') },
}
`)
    const out = dir.file('summary.json')
    try {
      const run = await runRunner(['--scenario', scenario, '--target', server.url, '--workers', '2', '--out', out, '--no-save'])
      assert.is(run.code, 0, run.stderr)
      const summary = JSON.parse(readFileSync(out, 'utf8'))
      assert.equal([summary.overall.requests, summary.overall.successful, summary.overall.retries, summary.errors], [4, 4, 2, []])
    } finally {
      dir.remove()
    }
  })
})

/** An HTTP server on ::1 that answers with the request's Host header and path. */
async function ipv6Server(): Promise<{ port: number; close(): Promise<void> } | undefined> {
  const server = createHttpServer((req: IncomingMessage, res) => res.end(`${req.headers.host} ${req.url}`))
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false))
    server.listen(0, '::1', () => resolve(true))
  })
  if (!listening) return undefined
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

const probe = await ipv6Server()
await probe?.close()
const noIpv6 = probe ? undefined : 'this machine has no ::1 to listen on'

test.needs(noIpv6, 'an IPv6 literal target and absolute URLs work, the Host header keeps the brackets', async () => {
  const server = await ipv6Server()
  assert.ok(server, '::1 listened a moment ago')
  try {
    const target = `http://[::1]:${server.port}`
    const bodies: string[] = []
    const scenario: Scenario = {
      async iteration(http) {
        bodies.push((await http.get('/a')).body, (await http.get(`${target}/b?x=1`)).body)
      },
    }
    await runAgainst(`${target}/base`, scenario)
    assert.equal(bodies, [`[::1]:${server.port} /base/a`, `[::1]:${server.port} /b?x=1`])
    // The runner as users run it: --target checked, the target probed, the report's Target line.
    const dir = tempDir('h1-ipv6-')
    try {
      writeFileSync(dir.file('one.ts'), `export default { iterations: 2, async iteration(http) { await http.get('/x') } }\n`)
      const run = await runRunner(['--scenario', dir.file('one.ts'), '--target', target, '--out', dir.file('s.json'), '--no-save'])
      assert.is(run.code, 0, run.stderr)
      const summary = JSON.parse(readFileSync(dir.file('s.json'), 'utf8'))
      assert.equal([summary.target.startsWith(`${target} `), summary.overall.successful], [true, 2])
    } finally {
      dir.remove()
    }
  } finally {
    await server.close()
  }
})

test('an IPv6 target without brackets is refused with a hint (exit 2)', async () => {
  const run = await runRunner(['--scenario', 'any.ts', '--target', 'http://::1:8080'])
  assert.is(run.code, 2)
  assert.match(run.stderr, /--target must be an http:\/\/ or https:\/\/ URL, got "http:\/\/::1:8080" \(an IPv6 address goes in brackets/)
})

test('a #fragment is never sent: not from a path, an absolute URL or the target', async () => {
  const server = await echoServer()
  try {
    await runAgainst(`${server.url}/base#top`, {
      async iteration(http) {
        await http.get('/a#frag')
        await http.get(`${server.url}/b?x=1#frag`)
        await http.get('c?q=#')
      },
    })
    assert.equal(server.seen.map((r) => r.url), ['/base/a', '/b?x=1', '/base/c?q='])
  } finally {
    await server.close()
  }
})

test.run()
