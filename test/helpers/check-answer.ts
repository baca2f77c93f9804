import * as assert from 'uvu/assert'
import type { HttpCase } from './http-cases.ts'

export interface Answer {
  status: number
  headers: Headers
  body: string
}

/** Asserts one answer against its case; shared by the in-process and socket suites. */
export function checkAnswer(c: HttpCase, got: Answer): void {
  const where = `${c.name}: ${c.method} ${c.path}`
  assert.is(got.status, c.expect.status, `${where} status (body ${got.body.slice(0, 200)})`)
  // The local Lambda's front adds its cold start's init duration after the app's own figure.
  assert.ok(/^app;dur=\d+(\.\d+)?(, init;dur=\d+(\.\d+)?)?$/.test(got.headers.get('server-timing') ?? ''), `${where} Server-Timing`)
  const type = got.headers.get('content-type') ?? ''
  if (c.expect.contentType) assert.ok(type.startsWith(c.expect.contentType), `${where} content-type ${type}`)
  if (c.expect.text !== undefined) assert.is(got.body, c.expect.text, `${where} body`)
  if (c.expect.json !== undefined) assert.equal(JSON.parse(got.body), c.expect.json, `${where} JSON body`)
  if (c.expect.allow) assert.is(got.headers.get('allow'), c.expect.allow, `${where} Allow`)
  if (got.status >= 400) checkError(c, where, type, got.body)
}

function checkError(c: HttpCase, where: string, type: string, body: string): void {
  assert.ok(type.startsWith('application/json'), `${where} error is JSON, got ${type}`)
  const parsed = JSON.parse(body) as { error?: unknown; field?: unknown }
  assert.type(parsed.error, 'string', `${where} has an error message`)
  assert.not.match(String(parsed.error), /at .*\(.*:\d+:\d+\)/, `${where} leaks no stack`)
  if (c.expect.field) {
    assert.is(parsed.field, c.expect.field, `${where} field`)
    assert.ok(String(parsed.error).includes(c.expect.field), `${where} message names ${c.expect.field}: ${parsed.error}`)
  }
}
