import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { runAgainst } from './helpers/engine-run.ts'
import { httpServer, tcpServer } from './helpers/load-servers.ts'

const test = suite('http-client-h1', { deadline: 120 })

test('chunked and close-delimited bodies arrive whole', async () => {
  const chunked = await httpServer((_req, res) => {
    res.write('first,')
    res.end('second')
  })
  const untilClose = await tcpServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close'))
  try {
    const bodies: string[] = []
    await runAgainst(chunked.url, { iterations: 2, async iteration(http) { bodies.push((await http.get('/')).body) } })
    await runAgainst(untilClose.url, { iterations: 1, async iteration(http) { bodies.push((await http.get('/')).body) } })
    assert.equal(bodies, ['first,second', 'first,second', 'until close'])
  } finally {
    await chunked.close()
    await untilClose.close()
  }
})

test('a server closing an idle keep-alive connection costs no error: the next request reconnects', async () => {
  const connections = new Set<unknown>()
  let closed = 0
  let onClose: (() => void) | undefined
  const server = await httpServer((req, res) => {
    connections.add(req.socket)
    req.socket.once('close', () => {
      closed++
      onClose?.()
    })
    res.end('ok')
    // Close the connection a moment after answering, as a server's keep-alive timeout does.
    setTimeout(() => req.socket.destroy(), 5).unref()
  })
  try {
    const { summary } = await runAgainst(server.url, {
      iterations: 3,
      async iteration(http) {
        const before = closed
        await http.get('/')
        // The next request goes out only once the server has closed this connection.
        if (closed === before) await new Promise<void>((resolve) => (onClose = resolve))
      },
    })
    assert.equal([summary.overall.requests, summary.overall.successful], [3, 3])
    assert.is(connections.size, 3, 'the premise: each request found its connection closed and opened another')
  } finally {
    await server.close()
  }
})

test('response headers read by a scenario: lower-case names, values trimmed', async () => {
  const server = await httpServer((_req, res) => {
    res.setHeader('X-Multi', ['a', 'b'])
    res.setHeader('Content-Type', 'text/plain')
    res.end('ok')
  })
  try {
    let headers: Record<string, string> = {}
    await runAgainst(server.url, { async iteration(http) { headers = (await http.get('/')).headers } })
    assert.is(headers['x-multi'], 'a, b')
    assert.is(headers['content-type'], 'text/plain')
    assert.is(headers['content-length'], '2')
  } finally {
    await server.close()
  }
})

test('a path or header that would split the request is refused before sending', async () => {
  const server = await httpServer()
  try {
    const problems: string[] = []
    await runAgainst(server.url, {
      async iteration(http) {
        for (const call of [() => http.get('/a b'), () => http.get('/x', { headers: { 'x-evil': 'a\r\nb: c' } })]) {
          try {
            await call()
          } catch (error) {
            problems.push((error as Error).message.split(' ').slice(0, 2).join(' '))
          }
        }
      },
    })
    assert.equal(problems, ['invalid request', 'invalid value'])
    assert.is(server.count, 0)
  } finally {
    await server.close()
  }
})

test('requests a thread sends at once go one after the other on its one connection', async () => {
  const sockets = new Set<unknown>()
  const server = await httpServer((req, res) => {
    sockets.add(req.socket)
    res.end(req.url)
  })
  try {
    let bodies: string[] = []
    const { summary } = await runAgainst(server.url, {
      async iteration(http) {
        bodies = (await Promise.all([http.get('/1'), http.get('/2'), http.post('/3', 'x')])).map((r) => r.body)
      },
    })
    assert.equal(bodies, ['/1', '/2', '/3'])
    assert.equal([summary.overall.successful, sockets.size], [3, 1])
  } finally {
    await server.close()
  }
})

test.run()
