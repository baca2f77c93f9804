import * as assert from 'uvu/assert'
import { freePort } from '../bench/lib/ports.ts'
import { findNginx } from '../src/fleet/find-nginx.ts'
import { startBalancer } from '../src/fleet/nginx-balancer.ts'
import { suite } from './helpers/suite.ts'

/** The fleet's balancer answers its own failures with the API's JSON error (issue 21, item 7). */
const nginx = findNginx(process.env, () => {})
const test = suite('fleet balancer errors', { deadline: 60, missing: 'unavailable' in nginx ? nginx.unavailable : undefined })

test('no instance reachable: 502 with the JSON error, not nginx\'s HTML page', async () => {
  if ('unavailable' in nginx) throw new Error(nginx.unavailable)
  // A port nothing listens on: every try is refused, so nginx itself answers.
  const balancer = await startBalancer(nginx.path, '127.0.0.1', await freePort(), [`127.0.0.1:${await freePort()}`])
  try {
    const res = await fetch(`${balancer.url}/1/1/0/9`, { method: 'POST' })
    assert.is(res.status, 502)
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/)
    const body = await res.json() as { error?: unknown }
    assert.match(String(body.error), /no instance answered/)
  } finally {
    await balancer.stop()
  }
})

test.run()
