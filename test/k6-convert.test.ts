/**
 * `convert` on small k6 scripts: what each k6 form becomes (read from the output) and what it
 * cannot convert, with the line. The corpus (k6-corpus.test.ts) runs whole scripts; the command
 * itself runs once as a user would.
 */
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { convertK6Script } from '../src/k6/convert/convert.ts'
import { runRunner } from './helpers/runner-child.ts'
import { suite } from './helpers/suite.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('k6 convert', { deadline: 90 })

const convert = (source: string) => convertK6Script(source, 'script.js')
const K6 = "import http from 'k6/http'\nimport { check, group, sleep, fail } from 'k6'\n"

test('requests are awaited; a call used as an object gets parentheses', () => {
  const { code, ok } = convert(`${K6}export default function () {\n  const n = http.get('http://x/a').json().n\n  http.post('http://x/b', 'x')\n}\n`)
  assert.ok(ok)
  assert.match(code, /const n = \(await http\.get\('http:\/\/x\/a'\)\)\.json\(\)\.n/)
  assert.match(code, /\n  await http\.post\('http:\/\/x\/b', 'x'\)/)
  assert.match(code, /async function iteration\(http, ctx\) \{/)
  assert.match(code, /export default \{\n  iteration,\n\}/)
})

test('sleep seconds become ctx.sleep milliseconds; check and group move onto ctx', () => {
  const { code } = convert(`${K6}export default function () {\n  group('g', () => { check(1, { one: (v) => v === 1 }) })\n  sleep(0.25)\n  sleep(__ENV.PAUSE)\n}\n`)
  assert.match(code, /await ctx\.group\('g', \(\) => \{ ctx\.check\(1, \{ one: \(v\) => v === 1 \}\) \}\)/)
  assert.match(code, /await ctx\.sleep\(250\)/)
  assert.match(code, /await ctx\.sleep\(\(ctx\.env\.PAUSE\) \* 1000\)/)
})

test('__ENV at the top level is process.env; __VU and __ITER on ctx; 0 in setup', () => {
  const { code } = convert(`${K6}const base = __ENV.BASE\nexport function setup() { return { vu: __VU } }\nexport default function (data) { http.get(base + __VU + '/' + __ITER + data.vu) }\n`)
  assert.match(code, /const base = process\.env\.BASE/)
  assert.match(code, /async function setup\(http, ctx\) \{ return \{ vu: 0 \} \}/)
  assert.match(code, /const data = ctx\.data/)
  assert.match(code, /http\.get\(base \+ ctx\.vu \+ '\/' \+ ctx\.iteration \+ data\.vu\)/)
})

test('options: shortcuts become k6\'s default scenario; kept, moved and dropped keys', () => {
  const { code, problems } = convert(`${K6}export const options = {\n  vus: 5,\n  duration: '10s',\n  userAgent: 'me',\n  thresholds: { http_req_failed: ['rate<0.1'] },\n  discardResponseBodies: true,\n}\nexport default function () {}\n`)
  assert.match(code, /scenarios: \{ default: \{ executor: 'constant-vus', vus: 5, duration: '10s' \} \}/)
  assert.match(code, /headers: \{ 'User-Agent': 'me' \}/)
  assert.match(code, /thresholds: \{ http_req_failed: \['rate<0\.1'\] \}/)
  assert.equal(problems, [{ line: 8, message: "options.discardResponseBodies dropped: bodies are read unless a request says responseType: 'none' (add it where the body is not needed)", fatal: false }])
})

test('k6/metrics becomes edgeload/metrics; setResponseCallback moves to the scenario', () => {
  const { code, ok } = convert(`${K6}import { Trend } from 'k6/metrics'\nconst t = new Trend('t')\nhttp.setResponseCallback(http.expectedStatuses(200, { min: 300, max: 399 }))\nexport default function () {}\n`)
  assert.ok(ok)
  assert.match(code, /import \{ Trend \} from 'edgeload\/metrics'/)
  assert.match(code, /import \{ expectedStatuses \} from 'edgeload\/http'/)
  assert.match(code, /responseCallback: expectedStatuses\(200, \{ min: 300, max: 399 \}\)/)
  assert.not.match(code, /k6\/http/)
})

test('k6 header names read lower case; fail() gets a helper; handleSummary is a note', () => {
  const { code, problems, ok } = convert(`${K6}export default function () {\n  const r = http.get('http://x')\n  if (!r.headers['Content-Type']) fail('no type')\n}\nexport function handleSummary(data) { return {} }\n`)
  assert.ok(ok)
  assert.match(code, /r\.headers\["content-type"\]/)
  assert.match(code, /function fail\(message\) \{\n  throw new Error\(message\)/)
  assert.not.match(code, /function handleSummary/)
  assert.is(problems[0]!.line, 7)
  assert.match(problems[0]!.message, /handleSummary\(\) dropped/)
})

test('what cannot be converted is fatal, with its line', () => {
  const { ok, problems } = convert(`${K6}export default function () {\n  const r = http.get('http://x', { auth: 'digest' })\n  r.html()\n  r.json('a.b')\n}\n`)
  assert.not.ok(ok)
  assert.equal(problems.map((p) => [p.line, p.fatal]), [[4, true], [5, true], [6, true]])
  assert.match(problems[0]!.message, /request param auth: basic auth/)
})

test("k6's open() is fatal with its line (the result would throw 'open is not defined'); a script's own open() is left alone", () => {
  const k6Open = convert(`${K6}const users = JSON.parse(open('./users.json'))\nexport default function () {\n  http.get('http://x/' + users[0])\n}\n`)
  assert.not.ok(k6Open.ok)
  assert.equal(k6Open.problems.map((p) => [p.line, p.fatal]), [[3, true]])
  assert.match(k6Open.problems[0]!.message, /open\(\): k6's file reading is not converted; read the file with node:fs/)
  const own = convert(`${K6}function open(name) { return '[1]' }\nconst users = JSON.parse(open('users'))\nexport default function () {\n  http.get('http://x/' + users[0])\n}\n`)
  assert.ok(own.ok, JSON.stringify(own.problems))
})

test('no default function and no exec: fatal; a syntax error names its line', () => {
  assert.match(convert(`${K6}export const options = {}\n`).problems[0]!.message, /no default function/)
  const broken = convert('export default function () {\n  http.get(\n}\n')
  assert.not.ok(broken.ok)
  assert.is(broken.problems[0]!.line, 3)
  assert.match(broken.problems[0]!.message, /not valid JavaScript/)
})

test('node runner convert: the scenario on stdout or -o FILE; exit 2 naming the lines when it would not run, or for a second script', async () => {
  const dir = tempDir()
  try {
    const good = await runRunner(['convert', 'test/fixtures/k6/hello.js'])
    assert.is(good.code, 0, good.stderr)
    assert.match(good.stdout, /^\/\/ Converted from hello\.js/)
    assert.match(good.stdout, /await http\.get\(`\$\{ctx\.env\.BASE_URL\}\/health`\)/)
    const out = dir.file('hello.ts')
    const toFile = await runRunner(['convert', 'test/fixtures/k6/hello.js', '-o', out])
    assert.is(toFile.code, 0)
    assert.is(readFileSync(out, 'utf8'), good.stdout)
    const bad = await runRunner(['convert', 'test/fixtures/k6/unsupported-modules.js'])
    assert.is(bad.code, 2)
    assert.match(bad.stderr, /unsupported-modules\.js:3: not converted: imports k6\/ws: WebSockets are not supported/)
    assert.match(bad.stderr, /convert: 3 problem\(s\) above keep the result from running/)
    const two = await runRunner(['convert', 'test/fixtures/k6/hello.js', 'test/fixtures/k6/checks.js'])
    assert.is(two.code, 2)
    assert.is(two.stdout, '')
    assert.match(two.stderr, /unexpected argument "test\/fixtures\/k6\/checks\.js"/)
  } finally {
    dir.remove()
  }
})

test.run()
