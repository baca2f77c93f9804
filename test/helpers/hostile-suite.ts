import * as assert from 'uvu/assert'
import type { LocalServer } from '../../src/local-runtimes/local-server.ts'
import { HOSTILE_CASES } from './hostile-cases.ts'
import type { HostileCase, HostileTarget } from './hostile-cases.ts'
import { rawExchange } from './raw-exchange.ts'
import type { RawAnswer } from './raw-exchange.ts'
import { suite } from './suite.ts'
import { tempDir } from './temp-dir.ts'

/** Targets whose every refusal comes from our code, so must be the API's JSON error. */
const OUR_ERRORS: readonly HostileTarget[] = ['node', 'worker-local', 'lambda-local']

/**
 * The hostile-input table over raw sockets against one target: per case the
 * expected status (or the listed runtime limit), the connection closed where
 * framing was ambiguous, no hidden request recorded, and /health still 200.
 * Every failure of every case is reported together.
 */
export function hostileSuite(target: HostileTarget, start: (dataDir: string) => Promise<LocalServer>, unavailable?: string): void {
  const test = suite(`hostile input over raw sockets: ${target}`, { deadline: 180, missing: unavailable })
  test(`every case of the table on ${target}: no 5xx, nothing smuggled, still healthy`, async () => {
    const dir = tempDir(`edgeload-hostile-${target}-`)
    const server = await start(dir.path)
    const port = Number(new URL(server.url).port)
    const failures: string[] = []
    try {
      for (const c of HOSTILE_CASES) {
        const problems = await runCase(target, server.url, port, c)
        failures.push(...problems.map((p) => `${c.name}: ${p}`))
      }
    } finally {
      await server.close()
      dir.remove()
    }
    assert.equal(failures, [], `${target}:\n  ${failures.join('\n  ')}`)
  })
  test.run()
}

async function runCase(target: HostileTarget, base: string, port: number, c: HostileCase): Promise<string[]> {
  const limit = c.limits?.[target]
  if (limit) console.log(`LIMIT ${target}: ${c.name}: ${limit.reason} [${limit.upstream}]`)
  const mustClose = c.expect.closes === true && !limit?.staysOpen
  const got = await rawExchange(port, c.bytes, { halfClose: c.halfClose, closeWaitMs: mustClose ? 3000 : 0 })
  const problems: string[] = []
  const expected = limit ? [limit.status] : [c.expect.status].flat()
  if (!expected.includes(got.status)) problems.push(`status ${got.status}, expected ${expected.join(' or ')}${limit ? ' (the listed runtime limit)' : ''}; got ${JSON.stringify(got.raw.slice(0, 300))}`)
  if (!limit && got.status >= 500) problems.push(`a 5xx (${got.status}) for client input`)
  if (mustClose && !got.closed) problems.push('connection left open after ambiguous or broken framing')
  if (!limit) problems.push(...checkErrorBody(target, c, got))
  if (c.hiddenUser !== undefined) {
    const stored = (await fetch(`${base}/current/${c.hiddenUser}`)).status
    if (limit?.recordsHidden) {
      if (stored !== 200) problems.push(`the listed limit says ${target} records the hidden request, but it did not: update the limit`)
    } else if (stored !== 404) {
      problems.push(`the hidden request for user ${c.hiddenUser} was executed (GET /current answered ${stored})`)
    }
  }
  const health = await fetch(`${base}/health`).then((r) => r.status, (e: Error) => `failed: ${e.message}`)
  if (health !== 200) problems.push(`/health answered ${health} afterwards`)
  return problems
}

function checkErrorBody(target: HostileTarget, c: HostileCase, got: RawAnswer): string[] {
  if (got.status < 400) return []
  const isJson = (got.headers['content-type'] ?? '').startsWith('application/json')
  if (!isJson) return OUR_ERRORS.includes(target) ? [`error body is not JSON: ${JSON.stringify(got.raw.slice(0, 200))}`] : []
  let parsed: { error?: unknown; field?: unknown }
  try {
    parsed = JSON.parse(got.body) as typeof parsed
  } catch {
    return [`error body does not parse: ${JSON.stringify(got.body.slice(0, 200))}`]
  }
  const problems: string[] = []
  if (typeof parsed.error !== 'string') problems.push('JSON error has no message')
  if (c.expect.field && parsed.field !== c.expect.field) problems.push(`JSON error names field ${JSON.stringify(parsed.field)}, expected ${c.expect.field}`)
  return problems
}
