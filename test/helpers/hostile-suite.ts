import * as assert from 'uvu/assert'
import type { LocalServer } from '../../src/local-runtimes/local-server.ts'
import { ANSWER_CASES } from './hostile-answer-cases.ts'
import { HOSTILE_CASES } from './hostile-cases.ts'
import type { HostileCase, HostileTarget } from './hostile-cases.ts'
import { rawExchange } from './raw-exchange.ts'
import type { RawAnswer } from './raw-exchange.ts'
import { suite } from './suite.ts'
import { tempDir } from './temp-dir.ts'

/** Targets whose every refusal comes from our code, so must be the API's JSON error. */
const OUR_ERRORS: readonly HostileTarget[] = ['node', 'worker-local', 'lambda-local']

const CASES = [...HOSTILE_CASES, ...ANSWER_CASES]

/**
 * The hostile-input tables over raw sockets against one target: per case the
 * expected answers (or the listed runtime limit), the connection closed where
 * framing was ambiguous, no hidden request recorded, every write stored if and
 * only if its own answer was a 200, and /health still 200. Every failure of
 * every case is reported together.
 */
export function hostileSuite(target: HostileTarget, start: (dataDir: string) => Promise<LocalServer>, unavailable?: string, label: string = target): void {
  const test = suite(`hostile input over raw sockets: ${label}`, { deadline: 300, missing: unavailable })
  test(`every case of the tables on ${label}: no 5xx, nothing smuggled, every answer its request's, still healthy`, async () => {
    const dir = tempDir(`edgeload-hostile-${target}-`)
    const server = await start(dir.path)
    const port = Number(new URL(server.url).port)
    const failures: string[] = []
    try {
      for (const c of CASES) {
        const problems = await runCase(target, server.url, port, c)
        failures.push(...problems.map((p) => `${c.name}: ${p}`))
      }
    } finally {
      await server.close()
      dir.remove()
    }
    assert.equal(failures, [], `${label}:\n  ${failures.join('\n  ')}`)
  })
  test.run()
}

async function runCase(target: HostileTarget, base: string, port: number, c: HostileCase): Promise<string[]> {
  const limit = c.limits?.[target]
  if (limit) console.log(`LIMIT ${target}: ${c.name}: ${limit.reason} [${limit.upstream}]`)
  const mustClose = c.expect.closes === true && !limit?.staysOpen
  const then = limit ? [] : c.expect.then ?? []
  // Wait for a close (or more answers) whenever the case's later requests could be answered.
  const closeWaitMs = mustClose || c.writes ? 3000 : 0
  const got = await rawExchange(port, c.bytes, { halfClose: c.halfClose, answers: 1 + then.length, closeWaitMs })
  const problems: string[] = []
  const expected = limit ? [limit.status] : [c.expect.status].flat()
  if (!expected.includes(got.status)) problems.push(`status ${got.status}, expected ${expected.join(' or ')}${limit ? ' (the listed runtime limit)' : ''}; got ${JSON.stringify(got.raw.slice(0, 300))}`)
  const wrong = then.findIndex((statuses, i) => ![statuses].flat().includes(got.answers[i + 1]?.status ?? 0))
  if (wrong >= 0) {
    const status = got.answers[wrong + 1]?.status ?? 0
    problems.push(`answer ${wrong + 2} is ${status || 'missing'}, expected ${[then[wrong]].flat().join(' or ')} (${got.answers.length} answers in all); got ${JSON.stringify(got.raw.slice(0, 600))}`)
  }
  if (!limit && got.answers.some((a) => a.status >= 500)) problems.push(`a 5xx (${got.answers.map((a) => a.status).join(', ')}) for client input`)
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
  problems.push(...await checkWrites(base, c, got))
  const health = await fetch(`${base}/health`).then((r) => r.status, (e: Error) => `failed: ${e.message}`)
  if (health !== 200) problems.push(`/health answered ${health} afterwards`)
  return problems
}

/** Each write of the case is stored if and only if its own answer was a 200. */
async function checkWrites(base: string, c: HostileCase, got: RawAnswer): Promise<string[]> {
  const problems: string[] = []
  for (const { user, answer } of c.writes ?? []) {
    const status = got.answers[answer]?.status ?? 0
    const stored = (await fetch(`${base}/current/${user}`)).status === 200
    if (status === 200 && !stored) problems.push(`the write for user ${user} was answered 200 but not stored`)
    if (status !== 200 && stored) problems.push(`the write for user ${user} was stored, but its answer was ${status || 'never sent'}`)
  }
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
