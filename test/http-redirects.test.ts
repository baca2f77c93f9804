/**
 * Redirects against real servers on 127.0.0.1: followed by default up to 10, fetch's method
 * and body rules, relative Locations, each hop a request in the metrics named by its own path,
 * a loop stopped at the limit with a counted `redirects` error, and a hop to another origin on
 * a connection of its own that the thread keeps.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { runAgainst } from './helpers/engine-run.ts'
import type { HttpResponse } from '../src/load/scenario.ts'

const test = suite('http-redirects', { deadline: 120 })

interface Seen {
  method: string
  url: string
  body: string
  type: string | undefined
  auth: string | undefined
  proxyAuth: string | undefined
}

/** A server that records every request and answers with `route(path)`: [status, location?]. */
async function server(route: (req: IncomingMessage) => [number, string?]) {
  const seen: Seen[] = []
  let connections = 0
  const s: Server = createServer((req, res: ServerResponse) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body, type: req.headers['content-type'], auth: req.headers.authorization, proxyAuth: req.headers['proxy-authorization'] })
      const [status, location] = route(req)
      res.writeHead(status, location ? { location } : {})
      res.end(status === 200 ? `at ${req.url}` : '')
    })
  })
  s.on('connection', () => connections++)
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    seen,
    get connections() { return connections },
    close: () => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()) }),
  }
}

/** /s/<status>/<then...>: answers <status> pointing to /<then...>; anything else 200. */
function chain(req: IncomingMessage): [number, string?] {
  const match = /^\/s\/(\d{3})(\/.*)$/.exec(req.url!)
  return match ? [Number(match[1]), match[2]] : [200]
}

test('a 301 -> 302 -> 303 -> 307 -> 308 chain is followed to the 200: url, redirects, each hop a request named by its path', async () => {
  const target = await server(chain)
  try {
    let res: HttpResponse | undefined
    const { summary } = await runAgainst(target.url, {
      iterations: 1,
      async iteration(http) { res = await http.get('/s/301/s/302/s/303/s/307/s/308/end?x=1') },
    })
    assert.is(res!.status, 200)
    assert.is(res!.redirects, 5)
    assert.is(res!.url, `${target.url}/end?x=1`)
    assert.is(res!.body, 'at /end?x=1')
    assert.is(summary.overall.requests, 6)
    assert.equal(summary.endpoints.map((e) => e.name).sort(), ['/end', '/s/301/s/302/s/303/s/307/s/308/end', '/s/302/s/303/s/307/s/308/end', '/s/303/s/307/s/308/end', '/s/307/s/308/end', '/s/308/end'])
    assert.equal(summary.errors, [])
    assert.is(target.connections, 1) // every hop on the thread's one keep-alive connection
  } finally {
    await target.close()
  }
})

test('method and body rules as fetch: POST becomes GET on 301/302/303, PUT keeps on 301, 307/308 keep method and body', async () => {
  const target = await server(chain)
  try {
    await runAgainst(target.url, {
      iterations: 1,
      async iteration(http) {
        await http.post('/s/301/a', { n: 1 })
        await http.post('/s/302/b', 'text')
        await http.put('/s/303/c', 'gone')
        await http.put('/s/301/d', 'kept')
        await http.post('/s/307/e', 'again')
        await http.patch('/s/308/f', 'again')
        await http.head('/s/303/g')
      },
    })
    const hop = (url: string) => target.seen.find((s) => s.url === url)!
    assert.equal([hop('/a').method, hop('/a').body, hop('/a').type], ['GET', '', undefined])
    assert.equal([hop('/b').method, hop('/b').body], ['GET', ''])
    assert.equal([hop('/c').method, hop('/c').body, hop('/c').type], ['GET', '', undefined])
    assert.equal([hop('/d').method, hop('/d').body], ['PUT', 'kept'])
    assert.equal([hop('/e').method, hop('/e').body, hop('/e').type], ['POST', 'again', 'text/plain;charset=UTF-8'])
    assert.equal([hop('/f').method, hop('/f').body], ['PATCH', 'again'])
    assert.is(hop('/g').method, 'HEAD')
  } finally {
    await target.close()
  }
})

test('relative Locations resolve against the hop\'s own URL (path, dot segments, query only)', async () => {
  const target = await server((req) => {
    if (req.url === '/dir/start') return [302, 'next']
    if (req.url === '/dir/next') return [302, '../up/there']
    if (req.url === '/up/there') return [302, '?q=2']
    return [200]
  })
  try {
    let res: HttpResponse | undefined
    await runAgainst(target.url, { iterations: 1, async iteration(http) { res = await http.get('/dir/start') } })
    assert.equal(target.seen.map((s) => s.url), ['/dir/start', '/dir/next', '/up/there', '/up/there?q=2'])
    assert.is(res!.url, `${target.url}/up/there?q=2`)
    assert.is(res!.redirects, 3)
  } finally {
    await target.close()
  }
})

test('a loop stops at the limit (10): the last 3xx is returned with error redirects, counted in the errors table', async () => {
  const target = await server(() => [302, '/loop'])
  try {
    let res: HttpResponse | undefined
    const { summary, notices } = await runAgainst(target.url, { iterations: 1, async iteration(http) { res = await http.get('/loop') } })
    assert.is(target.seen.length, 11) // the first request and 10 redirects
    assert.is(res!.status, 302)
    assert.is(res!.error, 'redirects')
    assert.is(res!.redirects, 10)
    assert.match(res!.errorMessage!, /stopped after 10 redirects.*302, points to \/loop/)
    assert.equal(summary.errors, [{ kind: 'redirects', count: 1 }])
    assert.is(summary.overall.requests, 11)
    assert.is(summary.overall.successful, 10)
    assert.match(notices.join('\n'), /stopped after 10 redirects/)
  } finally {
    await target.close()
  }
})

test('redirects per request and maxRedirects per scenario set the limit; redirects: 0 returns the 3xx without an error', async () => {
  const target = await server(() => [302, '/loop'])
  try {
    const results: [number, number, string | undefined][] = []
    await runAgainst(target.url, {
      iterations: 1,
      maxRedirects: 1,
      async iteration(http) {
        for (const options of [{ redirects: 0 }, { redirects: 2 }, undefined]) {
          const res = await http.get('/loop', options)
          results.push([res.status, res.redirects, res.error])
        }
      },
    })
    assert.equal(results, [[302, 0, undefined], [302, 2, 'redirects'], [302, 1, 'redirects']])
    assert.is(target.seen.length, 1 + 3 + 2)
  } finally {
    await target.close()
  }
})

test('a hop to another origin opens a connection there, kept by the thread; its Authorization and Proxy-Authorization are dropped', async () => {
  const other = await server(() => [200])
  const target = await server((req) => (req.url === '/away' ? [302, `${other.url}/landed`] : [200]))
  try {
    const urls: string[] = []
    await runAgainst(target.url, {
      iterations: 3,
      async iteration(http) {
        const res = await http.get('/away', { headers: { authorization: 'Bearer secret', 'proxy-authorization': 'Basic c2VjcmV0' } })
        urls.push(res.url)
        await http.get('/home')
      },
    })
    assert.equal(urls, [`${other.url}/landed`, `${other.url}/landed`, `${other.url}/landed`])
    assert.is(other.seen.length, 3)
    assert.ok(other.seen.every((s) => s.auth === undefined && s.proxyAuth === undefined), 'no credentials sent to the other origin')
    assert.ok(target.seen.filter((s) => s.url === '/away').every((s) => s.auth === 'Bearer secret' && s.proxyAuth === 'Basic c2VjcmV0'))
    assert.is(other.connections, 1) // one connection for the thread's three hops there
    assert.is(target.connections, 1) // and the thread's connection to the target stays
  } finally {
    await target.close()
    await other.close()
  }
})

test('a 3xx without Location is an answer, not a redirect', async () => {
  const target = await server(() => [302])
  try {
    let res: HttpResponse | undefined
    const { summary } = await runAgainst(target.url, { iterations: 1, async iteration(http) { res = await http.get('/') } })
    assert.equal([res!.status, res!.redirects, res!.error], [302, 0, undefined])
    assert.is(summary.overall.requests, 1)
  } finally {
    await target.close()
  }
})

test.run()
