import { serveNode } from '../../handler/serve-node.ts'
import type { LocalServer, StartOptions } from './local-server.ts'
import { startWorkerd } from './workerd.ts'

/**
 * Hop-by-hop headers: the front frames the forwarded request itself, with the
 * client's Content-Length when it sent one (Node's parser has checked it), so
 * the Worker decides a 413 from it as it would directly; a chunked body goes on
 * chunked. Accept-Encoding is replaced by identity: fetch would inflate what
 * workerd compressed but keep its Content-Encoding, and the client would
 * inflate it again.
 */
const NOT_FORWARDED = ['host', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'proxy-connection', 'accept-encoding']

/**
 * The local Worker as `npm run start:worker` serves it: workerd on a private
 * loopback port, behind the Node server the Node entry uses. workerd's own
 * HTTP/1.1 parser (kj-http) runs a request hidden behind Content-Length plus
 * Transfer-Encoding, and answers 500/501 to malformed requests (docs/api.md,
 * "Hostile input", and the runtime table). Node's parser refuses those with
 * the API's JSON 400, so only requests it accepts, reframed, reach workerd.
 * The front listens only once workerd runs with the D1 migrations applied
 * (docs/deploy-workers.md). Deployed Workers are behind Cloudflare's own front end instead.
 */
export async function startWorkerBehindNode(options: StartOptions): Promise<LocalServer> {
  const inner = await startWorkerd({ dataDir: options.dataDir, port: 0, host: '127.0.0.1' })
  try {
    const forward = forwarder(inner.url)
    const front = await serveNode({ fetch: forward }, { port: options.port ?? 0, host: options.host ?? '127.0.0.1', graceMs: 2000 })
    return {
      runtime: 'workerd',
      url: front.url,
      async close() {
        await front.close()
        await inner.close()
      },
    }
  } catch (error) {
    await inner.close()
    throw error
  }
}

function forwarder(innerUrl: string): (request: Request) => Promise<Response> {
  return (request) => {
    const url = new URL(request.url)
    const headers = new Headers(request.headers)
    const length = request.headers.get('content-length')
    for (const name of NOT_FORWARDED) headers.delete(name)
    // The app checks Host (lib/host-header.ts); the front already refused bad ones.
    headers.set('host', url.host)
    headers.set('accept-encoding', 'identity')
    // A body only when one was declared: serve-node releases an empty one at once
    // (discardUnreadBodies), and a stream over it would never end.
    const hasBody = request.headers.has('transfer-encoding') || (length !== null && length !== '0')
    return fetch(`${innerUrl}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: hasBody ? request.body : null,
      redirect: 'manual',
      duplex: 'half',
    } as RequestInit).catch(upstreamFailed)
  }
}

/**
 * workerd gone or the exchange broken. A client that cut its own body has
 * already had its 400 from the front's parser (the connection is closed), so
 * this answer only reaches clients when workerd itself failed: a 502.
 */
function upstreamFailed(err: unknown): Response {
  const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)
  return new Response(JSON.stringify({ error: `the local workerd did not answer: ${reason}` }), { status: 502, headers: { 'content-type': 'application/json' } })
}
