import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as assert from 'uvu/assert'
import { BUNDLES, bundle } from '../src/build/bundles.ts'
import { HTTP_CASES } from './helpers/http-cases.ts'
import type { HttpCase } from './helpers/http-cases.ts'
import { checkAnswer } from './helpers/check-answer.ts'
import { comparable, referenceAnswers } from './helpers/http-conformance.ts'
import { LAMBDA_SOURCES, answerOf, lambdaEvent } from './helpers/lambda-events.ts'
import type { LambdaRequest, LambdaResult, LambdaSource } from './helpers/lambda-events.ts'
import { node22 } from './helpers/node22.ts'
import { ROOT } from './helpers/store-run.ts'
import { suite } from './helpers/suite.ts'
import { tempDir } from './helpers/temp-dir.ts'

const run = promisify(execFile)

/** Requests only an event can carry differently: a query string, a base64 text body, a header's spelling. */
const EVENT_CASES: readonly (HttpCase & { base64?: boolean })[] = [
  { name: 'a query string is ignored', method: 'GET', path: '/single/12/1?units=steps&tag=a&tag=b%20c', expect: { status: 200, text: '3500' } },
  { name: 'a text body delivered base64', method: 'POST', path: '/myresource', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'héllo😀', base64: true, expect: { status: 200, text: '6' } },
  { name: 'a capitalised Accept header', method: 'GET', path: '/current/12', headers: { Accept: 'application/json' }, expect: { status: 200, json: { userId: 12, steps: 100 } } },
]

const test = suite('Lambda bundle in a fresh Node 22, all four event sources', { deadline: 600 })
const dir = tempDir('edgeload-lambda-')
const zip = join(dir.path, 'zip')
// Node 22 may need a one-time install (npm), so it is looked for at load time, when skips are decided.
const node = await node22()
const noNode22 = 'unavailable' in node ? node.unavailable : undefined

let prepared: Promise<string> | undefined
/** Node 22's path once the bundle sits alone in its "zip" folder. */
function lambdaNode(): Promise<string> {
  prepared ??= (async () => {
    mkdirSync(zip)
    await bundle('lambda', { outfile: join(zip, 'index.mjs') })
    return (node as { path: string }).path
  })()
  return prepared
}

test.after(() => dir.remove())

test('npm run build:lambda writes one self-contained ESM file under dist/lambda/', () => {
  assert.ok(BUNDLES.lambda.outfile.endsWith('/dist/lambda/index.mjs'))
})

test.needs(noNode22, 'the zip folder holds the bundle only', async () => {
  await lambdaNode()
  assert.equal(readdirSync(zip), ['index.mjs'])
})

async function invokeAll(nodePath: string, source: LambdaSource, requests: LambdaRequest[]): Promise<LambdaResult[]> {
  const eventsFile = join(dir.path, `${source}.events.json`)
  writeFileSync(eventsFile, JSON.stringify(requests.map((r, i) => lambdaEvent(source, r, i))))
  const { stdout } = await run(nodePath, [join(ROOT, 'test/runtimes/lambda-invoke.mjs'), join(zip, 'index.mjs'), eventsFile], {
    cwd: zip, // as on Lambda: the task root is the unzipped folder
    env: { PATH: process.env.PATH ?? '', STEPS_DB: join(dir.path, `${source}.db`), NODE_OPTIONS: '--disable-warning=ExperimentalWarning' },
    maxBuffer: 16 << 20,
    timeout: 60_000,
  })
  const line = stdout.split('\n').find((l) => l.startsWith('LAMBDA-RESULTS '))
  if (!line) throw new Error(`no results from the Lambda driver:\n${stdout}`)
  const { node, results } = JSON.parse(line.slice('LAMBDA-RESULTS '.length)) as { node: string; results: LambdaResult[] }
  assert.match(node, /^v22\./)
  return results
}

function checkShape(source: LambdaSource, result: LambdaResult): void {
  assert.type(result.statusCode, 'number')
  assert.type(result.body, 'string')
  // REST events carry multiValueHeaders, so the answer must use them too; the rest use headers.
  if (source === 'apigw-rest-v1') assert.ok(result.multiValueHeaders && !result.headers, 'REST answers with multiValueHeaders')
  else assert.ok(result.headers && !result.multiValueHeaders, `${source} answers with headers`)
}

for (const source of LAMBDA_SOURCES) {
  test.needs(noNode22, `${source}: the conformance table, then event-only cases, X-Cold-Start on the first invocation only`, async () => {
    const nodePath = await lambdaNode()
    const cases = [...HTTP_CASES, ...EVENT_CASES]
    const reference = await referenceAnswers()
    const results = await invokeAll(nodePath, source, cases)
    assert.is(results.length, cases.length)
    for (const [i, c] of cases.entries()) {
      checkShape(source, results[i])
      const got = answerOf(results[i])
      checkAnswer(c, got)
      assert.is(got.headers.get('x-cold-start'), i === 0 ? '1' : null, `${source} ${c.name}: X-Cold-Start only on the first invocation`)
      if (i < reference.length) assert.equal(comparable(c, got), reference[i], `${source} ${c.name}: same answer as the in-process app`)
    }
  })
}

test.needs(noNode22, '/health names the lambda runtime and node:sqlite', async () => {
  const nodePath = await lambdaNode()
  const [result] = await invokeAll(nodePath, 'function-url', [{ method: 'GET', path: '/health' }])
  assert.equal(JSON.parse(answerOf(result).body), { status: 'ok', runtime: 'lambda', store: 'sqlite (node:sqlite)' })
})

test.run()
