import { MAX_BODY_BYTES } from '../../handler/app.ts'
import { serveNode } from '../../handler/serve-node.ts'
import { HttpError, NO_APP_TIME } from '../../handler/lib/http-error.ts'
import { BodyTooLarge, bodyReadFailed } from '../../handler/lib/limit-body.ts'
import { FORBIDDEN_METHODS, noRoute } from '../../handler/lib/route-table.ts'
import type { LocalServer, StartOptions } from './local-server.ts'
import { startWorkerd } from './workerd.ts'

/**
 * Hop-by-hop headers: the front frames the forwarded request itself, with the
 * whole body it has read (at most the app's 64 KiB; larger is the front's own
 * 413). Expect was answered by Node's server (100 Continue) and fetch refuses
 * it. Accept-Encoding is replaced by identity: fetch would inflate what
 * workerd compressed but keep its Content-Encoding, and the client would
 * inflate it again.
 */
const NOT_FORWARDED = ['host', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'proxy-connection', 'accept-encoding', 'expect', 'content-length']


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

/**
 * Every answer to client input is the app's (or the front's, in the app's
 * JSON), never a 502: the body is read whole before workerd sees the request,
 * since workerd answering a 413 while the body was still being sent broke the
 * exchange (502 in 2 to 6 of 7 tries of a 200 KB chunked body).
 */
function forwarder(innerUrl: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url)
    if (FORBIDDEN_METHODS.has(request.method)) return noRoute(request.method, url.pathname).response(NO_APP_TIME)
    let body: Uint8Array<ArrayBuffer> | null
    try {
      body = await readWhole(request)
    } catch (err) {
      return (err instanceof HttpError ? err : toBodyError(err)).response(NO_APP_TIME)
    }
    const headers = new Headers(request.headers)
    for (const name of NOT_FORWARDED) headers.delete(name)
    // The app checks Host (lib/host-header.ts); the front already refused bad ones.
    headers.set('host', url.host)
    headers.set('accept-encoding', 'identity')
    return fetch(`${innerUrl}${url.pathname}${url.search}`, { method: request.method, headers, body, redirect: 'manual' }).catch(upstreamFailed)
  }
}

function toBodyError(err: unknown): HttpError {
  try {
    return bodyReadFailed(err)
  } catch (refusal) {
    return refusal as HttpError
  }
}

/**
 * The request's body, read to its end, or null when none was declared
 * (serve-node releases an empty one at once, and a stream over it would never
 * end). Over MAX_BODY_BYTES, by Content-Length or as it arrives, it is the
 * app's 413, which closes the connection.
 */
async function readWhole(request: Request): Promise<Uint8Array<ArrayBuffer> | null> {
  const length = request.headers.get('content-length')
  if (!request.headers.has('transfer-encoding') && (length === null || length === '0')) return null
  if (length !== null && Number(length) > MAX_BODY_BYTES) throw new BodyTooLarge(MAX_BODY_BYTES)
  const reader = request.body!.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > MAX_BODY_BYTES) {
      void reader.cancel().catch(() => {})
      throw new BodyTooLarge(MAX_BODY_BYTES)
    }
    chunks.push(value)
  }
  const whole = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    whole.set(chunk, at)
    at += chunk.byteLength
  }
  return whole
}

/**
 * workerd gone or the exchange broken. A client that cut its own body has
 * already had its 400 from the front's parser (the connection is closed), so
 * this answer only reaches clients when workerd itself failed: a 502.
 */
function upstreamFailed(err: unknown): Response {
  const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)
  return new HttpError(502, `the local workerd did not answer: ${reason}`).response(NO_APP_TIME)
}
