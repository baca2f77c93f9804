import * as assert from 'uvu/assert'
import { createApp } from '../../handler/app.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { startLocalRuntime, unavailable } from '../../src/local-runtimes/runtimes.ts'
import type { RuntimeName } from '../../src/local-runtimes/runtimes.ts'
import { HTTP_CASES } from './http-cases.ts'
import type { HttpCase } from './http-cases.ts'
import { checkAnswer } from './check-answer.ts'
import type { Answer } from './check-answer.ts'
import { suite } from './suite.ts'
import { tempDir } from './temp-dir.ts'

/** What must be identical on every runtime: everything but timing, dates and /health's names. */
export interface ComparableAnswer {
  status: number
  contentType: string | null
  allow: string | null
  coldStart: string | null
  body: string
}

export function comparable(c: HttpCase, got: Answer): ComparableAnswer {
  return {
    status: got.status,
    // Runtimes spell the same type differently: "text/plain; charset=UTF-8" (Node), "text/plain;charset=utf-8" (Bun).
    contentType: got.headers.get('content-type')?.toLowerCase().replace(/\s+/g, '') ?? null,
    allow: got.headers.get('allow'),
    coldStart: got.headers.get('x-cold-start'),
    body: c.path === '/health' ? '(names the runtime)' : got.body,
  }
}

/** The in-process app's answers to the table: the reference every runtime must reproduce. */
export async function referenceAnswers(): Promise<ComparableAnswer[]> {
  const app = createApp({ store: createMemoryStore(), runtime: 'reference' })
  const answers: ComparableAnswer[] = []
  for (const c of HTTP_CASES) {
    const res = await app.request(c.path, { method: c.method, headers: c.headers, body: c.body as BodyInit | undefined })
    answers.push(comparable(c, { status: res.status, headers: res.headers, body: await res.text() }))
  }
  return answers
}

async function send(base: string, c: HttpCase): Promise<Answer> {
  try {
    const res = await fetch(base + c.path, { method: c.method, headers: c.headers, body: c.body as BodyInit | undefined })
    return { status: res.status, headers: res.headers, body: await res.text() }
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause
    throw new Error(`${c.name}: ${c.method} ${c.path} failed: ${(error as Error).message}${cause ? ` (${cause.message})` : ''}`)
  }
}

/**
 * The HTTP conformance suite over real sockets, parameterised by runtime: starts
 * that runtime's entry (fresh database), sends the table in order, checks each
 * answer against the table and against the in-process reference, then /health.
 * A runtime whose binary cannot run here is counted as skipped, with the reason printed.
 */
export function httpConformance(runtime: RuntimeName, expectedStore: RegExp, start = startLocalRuntime, label: string = runtime): void {
  const test = suite(`HTTP conformance over a socket: ${label}`, { deadline: 300, missing: unavailable(runtime) })
  test(`the ${label} entry gives the table's answers, in order, identical to the in-process app`, async () => {
    const reference = await referenceAnswers()
    const dir = tempDir(`edgeload-http-${runtime}-`)
    const server = await start(runtime, { dataDir: dir.path })
    try {
      for (const [i, c] of HTTP_CASES.entries()) {
        const got = await send(server.url, c)
        checkAnswer(c, got)
        assert.is(got.headers.get('x-cold-start'), i === 0 ? '1' : null, `${c.name}: X-Cold-Start only on the first response`)
        assert.equal(comparable(c, got), reference[i], `${c.name}: same answer as the in-process app`)
      }
      const health = await (await fetch(`${server.url}/health`)).json() as { runtime: string; store: string }
      assert.is(health.runtime, runtime)
      assert.match(health.store, expectedStore)
    } finally {
      await server.close()
      dir.remove()
    }
  })
  test.run()
}
