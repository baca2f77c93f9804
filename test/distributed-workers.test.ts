/**
 * --workers within a --segment (docs/distributed.md): one part split again over worker threads,
 * the other not, still add up to the whole run exactly, and every thread of every part and
 * worker has its own id.
 */
import { suite } from './helpers/suite.ts'
import * as assert from 'uvu/assert'
import { mergeFiles } from './helpers/distributed-parts.ts'
import { httpServer } from './helpers/load-servers.ts'
import { runRunner } from './helpers/runner-child.ts'
import { tempDir } from './helpers/temp-dir.ts'

const test = suite('distributed-workers', { deadline: 300 })

const SCENARIO = 'test/fixtures/scenarios/workers-mix.ts'

test('part 1/2 over 2 worker threads and part 2/2 in one: 740 requests and 37 distinct thread ids, as one process', async () => {
  const ids: string[] = []
  const server = await httpServer((req, res) => {
    if (req.url!.startsWith('/vu/')) ids.push(req.url!.slice(4))
    res.end('ok')
  })
  const dir = tempDir()
  try {
    const files = [dir.file('part-1.json'), dir.file('part-2.json')]
    const base = ['--scenario', SCENARIO, '--target', server.url, '--quiet', '--no-save']
    const exits = await Promise.all([
      runRunner([...base, '--segment', '1/2', '--workers', '2', '--out', files[0]!]),
      runRunner([...base, '--segment', '2/2', '--out', files[1]!]),
    ])
    for (const exit of exits) assert.is(exit.code, 0, exit.stderr)
    const summary = await mergeFiles(files)
    // (2 + 10 + 20 + 5) threads x 10 iterations x 2 requests.
    assert.is(summary.overall.requests, 740)
    assert.equal(summary.phases.map((p) => [p.name, p.threads, p.requests]), [
      ['Warmup', 2, 40], ['Loading', 10, 200], ['Peak', 20, 400], ['Cooldown', 5, 100],
    ])
    // Each thread posts its id once per iteration: 37 threads, 10 times each, no id shared.
    const distinct = new Set(ids)
    assert.is(ids.length, 370)
    assert.is(distinct.size, 37)
    assert.ok([...distinct].every((id) => ids.filter((x) => x === id).length === 10))
    assert.equal(summary.checks.map((c) => [c.name, c.passes]), [['status is 200', 370]])
  } finally {
    await server.close()
    dir.remove()
  }
})

test.run()
