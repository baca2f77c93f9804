/**
 * The bundled peak.ts scenario, run as users run it (`node runner --scenario peak.ts`), against
 * the handler over plain HTTP and against the same handler behind TLS speaking HTTP/2 (the
 * runner's default on https, through its own HTTP/2 client): the same requests, the same
 * successes per endpoint, no error, and the https run says it spoke HTTP/2.0.
 */
import { getRequestListener } from '@hono/node-server'
import { readFileSync } from 'node:fs'
import { createSecureServer } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import * as assert from 'uvu/assert'
import { createApp } from '../handler/app.ts'
import { serveNode } from '../handler/serve-node.ts'
import { createMemoryStore } from '../src/store/memory.ts'
import { REPO, runRunner } from './helpers/runner-child.ts'
import { suite } from './helpers/suite.ts'
import { tempDir } from './helpers/temp-dir.ts'
import { makeCerts, opensslMissing } from './helpers/tls-certs.ts'

const test = suite('peak over https', { deadline: 180, missing: opensslMissing() })

interface Summary {
  overall: { requests: number; successful: number; failed: number }
  errors: unknown[]
  protocols: string[]
  endpoints: { endpoint: string; method: string; requests: number; successful: number }[]
}

async function peak(target: string, out: string): Promise<Summary> {
  const run = await runRunner(['--scenario', join(REPO, 'scenarios/peak.ts'), '--target', target, '--threads', '4', '--iterations', '15', '--insecure', '--quiet', '--out', out], { timeoutMs: 120_000 })
  assert.is(run.code, 0, run.stderr + run.stdout)
  return JSON.parse(readFileSync(out, 'utf8')) as Summary
}

test('peak.ts over https (HTTP/2, the own client) counts what it counts over plain http', async () => {
  const certs = makeCerts()
  const dir = tempDir('edgeload-peak-https-')
  const plain = await serveNode(createApp({ store: createMemoryStore(), runtime: 'node' }), { port: 0, host: '127.0.0.1' })
  const app = createApp({ store: createMemoryStore(), runtime: 'node' })
  const secure = createSecureServer({ cert: certs.selfSigned.cert, key: certs.selfSigned.key, allowHTTP1: true }, getRequestListener(app.fetch) as never)
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve))
  try {
    const overHttp = await peak(plain.url, dir.file('http.json'))
    const overHttps = await peak(`https://127.0.0.1:${(secure.address() as AddressInfo).port}`, dir.file('https.json'))
    assert.is(overHttp.overall.requests, 2 * 15 * (1 + 2 + 4 + 1))
    assert.equal(overHttps.overall, { ...overHttps.overall, requests: overHttp.overall.requests, successful: overHttp.overall.successful, failed: 0 })
    assert.is(overHttp.overall.failed, 0)
    const counts = (s: Summary) => s.endpoints.map((e) => [e.endpoint, e.method, e.requests, e.successful])
    assert.equal(counts(overHttps), counts(overHttp))
    assert.equal(overHttps.errors, [])
    assert.equal(overHttps.protocols, ['HTTP/2.0'])
    assert.equal(overHttp.protocols, ['HTTP/1.1'])
  } finally {
    await plain.close()
    secure.close()
    dir.remove()
    certs.remove()
  }
})

test.run()
