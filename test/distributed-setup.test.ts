/**
 * setup() and the command line of a distributed part (docs/distributed.md): setup() runs in
 * every part unless --no-setup; --setup-data-out writes one setup()'s data and --setup-data gives
 * it to the parts instead; --no-teardown; bad --segment, --start-at and setup options are usage
 * errors (exit 2) with a one-line reason.
 */
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { readFileSync, writeFileSync } from 'node:fs'
import { readOptions } from '../runner/options.ts'
import { httpServer, type TestServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('distributed-setup', { deadline: 300 })

const SCENARIO = 'test/fixtures/scenarios/distributed-setup.ts'

/** A server handing out tokens to setup() and counting every path it is asked for. */
async function tokenServer(): Promise<{ server: TestServer; seen: Map<string, number> }> {
  const seen = new Map<string, number>()
  let tokens = 0
  const server = await httpServer((req, res) => {
    seen.set(`${req.method} ${req.url}`, (seen.get(`${req.method} ${req.url}`) ?? 0) + 1)
    res.end(req.url === '/setup' ? `tok-${++tokens}` : 'ok')
  })
  return { server, seen }
}

const part = (server: TestServer, i: number, ...more: string[]) =>
  runRunner(['--scenario', SCENARIO, '--target', server.url, '--segment', `${i}/2`, '--quiet', '--no-save', ...more])

test('without options every part runs setup() and teardown() with its own data', async () => {
  const { server, seen } = await tokenServer()
  try {
    const exits = await Promise.all([part(server, 1), part(server, 2)])
    for (const exit of exits) assert.is(exit.code, 0, exit.stderr)
    assert.is(seen.get('POST /setup'), 2)
    // 2 threads x 2 iterations, split over the parts: one thread each, each with its part's token.
    assert.is((seen.get('GET /data/tok-1') ?? 0) + (seen.get('GET /data/tok-2') ?? 0), 4)
    assert.equal([seen.get('GET /data/tok-1'), seen.get('GET /data/tok-2')], [2, 2])
    assert.equal([seen.get('POST /teardown/tok-1'), seen.get('POST /teardown/tok-2')], [1, 1])
  } finally {
    await server.close()
  }
})

test('--setup-data-out runs setup() alone; --setup-data gives its data to every part; --no-teardown', async () => {
  const { server, seen } = await tokenServer()
  const dir = tempDir()
  try {
    const file = dir.file('setup.json')
    const out = await runRunner(['--scenario', SCENARIO, '--target', server.url, '--setup-data-out', file, '--no-save'])
    assert.is(out.code, 0, out.stderr)
    assert.match(out.stdout, new RegExp(`setup\\(\\) data written to ${file}`))
    assert.equal(JSON.parse(readFileSync(file, 'utf8')), { token: 'tok-1' })
    assert.equal([...seen.keys()], ['POST /setup'], 'no phase ran')
    const exits = await Promise.all([part(server, 1, '--setup-data', file), part(server, 2, '--setup-data', file, '--no-teardown')])
    for (const exit of exits) assert.is(exit.code, 0, exit.stderr)
    assert.is(seen.get('POST /setup'), 1, 'the parts did not run setup()')
    assert.is(seen.get('GET /data/tok-1'), 4)
    assert.is(seen.get('POST /teardown/tok-1'), 1, 'the part with --no-teardown skipped it')
  } finally {
    await server.close()
    dir.remove()
  }
})

test('--no-setup: setup() does not run and the iterations get no data', async () => {
  const { server, seen } = await tokenServer()
  try {
    const exit = await part(server, 1, '--no-setup')
    assert.is(exit.code, 0, exit.stderr)
    assert.is(seen.get('POST /setup'), undefined)
    assert.is(seen.get('GET /data/none'), 2)
  } finally {
    await server.close()
  }
})

test('a bad --segment or --start-at: one line naming it, exit 2, before anything runs', async () => {
  for (const [args, message] of [
    [['--segment', '0/3'], /^edgeload: --segment 0\/3: i must be from 1 to 3 \(parts count from 1\)/],
    [['--segment', '4/3'], /^edgeload: --segment 4\/3: i must be from 1 to 3/],
    [['--segment', 'half'], /^edgeload: --segment takes i\/n, e\.g\. --segment 1\/4/],
    [['--start-at', '18:00'], /^edgeload: --start-at "18:00": give an ISO time with its zone/],
  ] as [string[], RegExp][]) {
    const { code, stdout, stderr } = await runRunner(['--scenario', SCENARIO, ...args])
    assert.is(code, 2, stderr)
    assert.is(stdout, '')
    assert.match(stderr, message)
  }
})

test('setup options that contradict each other, or a file that is not JSON, are refused', async () => {
  const problems = (raw: Record<string, unknown>) => readOptions({ scenario: 'x.ts', ...raw }, []).problems
  assert.match(problems({ setupData: 'a.json', setup: false }).join('\n'), /--setup-data FILE or --no-setup, not both/)
  assert.match(problems({ setupDataOut: 'a.json', setupData: 'b.json' }).join('\n'), /--setup-data-out runs setup\(\)/)
  assert.match(problems({ startAt: '+30h' }).join('\n'), /more than 24 h ahead/)
  assert.equal(readOptions({ scenario: 'x.ts', segment: '2/4', startAt: '+1s', setup: false, teardown: false }, []).options?.segment, { index: 1, count: 4 })
  const dir = tempDir()
  try {
    writeFileSync(dir.file('bad.json'), '{ not json')
    const { code, stderr } = await runRunner(['--scenario', SCENARIO, '--setup-data', dir.file('bad.json'), '--no-save'])
    assert.is(code, 2)
    assert.match(stderr, /--setup-data .*bad\.json: not JSON/)
  } finally {
    dir.remove()
  }
})

test.run()
