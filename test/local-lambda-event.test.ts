import * as assert from 'uvu/assert'
import { httpApiEvent } from '../src/local-lambda/http-api-event.ts'
import { suite } from './helpers/suite.ts'

// The payload 2.0 event the local Lambda's front builds (src/local-lambda/http-api-event.ts), on
// names a client chooses: a header or query name is data, never a property of Object.
const test = suite('local Lambda: the payload 2.0 event', { deadline: 60 })

const event = (target: string, headers: [string, string][]) =>
  httpApiEvent({ method: 'GET', target, headers, body: new Uint8Array(0), sourceIp: '127.0.0.1', requestId: 'r', now: 0 })

test('header and query names such as constructor, toString and __proto__ are kept as sent', () => {
  const e = event('/x?constructor=1&toString=2&__proto__=3', [['Host', 'h'], ['Constructor', 'a'], ['__proto__', 'b'], ['hasOwnProperty', 'c']])
  const headers = JSON.parse(JSON.stringify(e.headers)) as Record<string, string>
  assert.is(headers.constructor, 'a')
  assert.is(headers.__proto__, 'b')
  assert.is(headers.hasownproperty, 'c')
  const query = JSON.parse(JSON.stringify(e.queryStringParameters)) as Record<string, string>
  assert.is(query.constructor, '1')
  assert.is(query.toString, '2')
  assert.is(query.__proto__, '3')
})

test('repeated headers and query names are still joined by commas', () => {
  const e = event('/x?a=1&a=2', [['X-A', '1'], ['x-a', '2']])
  assert.is(e.headers['x-a'], '1,2')
  assert.is((e.queryStringParameters as Record<string, string>).a, '1,2')
})

test.run()
