import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as assert from 'uvu/assert'
import { suite } from './helpers/suite.ts'

/**
 * Every test file goes through test/helpers/suite.ts (a deadline, skips counted as skips), so a
 * file added tomorrow cannot hang the suite or pass by skipping.
 */
const test = suite('test conventions', { deadline: 30 })
const dir = fileURLToPath(new URL('./', import.meta.url))
const HELPER = 'helpers/suite.ts'

function sources(sub = ''): string[] {
  return readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((entry) => {
    const path = join(sub, entry.name)
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sources(path)
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : []
  })
}
const read = (path: string) => readFileSync(join(dir, path), 'utf8')
const helperImports = (source: string) => [...source.matchAll(/from '\.\/(helpers\/[\w-]+\.ts)'/g)].map((m) => m[1]!)

test('no test file registers tests with uvu directly (only uvu/assert), so none escapes the deadline', () => {
  const direct = sources().filter((path) => path !== HELPER && /^import .* from 'uvu'$/m.test(read(path)))
  assert.equal(direct, [], `import { suite } from './helpers/suite.ts' instead of uvu in: ${direct.join(', ')}`)
})

test('every *.test.ts registers its tests through helpers/suite.ts, itself or through a helper that does', () => {
  const usesSuite = (helper: string) => read(helper).includes("from './suite.ts'")
  const off = sources()
    .filter((path) => path.endsWith('.test.ts'))
    .filter((path) => {
      const imports = helperImports(read(path))
      return !imports.includes(HELPER) && !imports.some(usesSuite)
    })
  assert.equal(off, [], `these files do not use helpers/suite.ts: ${off.join(', ')}`)
})

test('no test prints its own SKIP and returns (a skip goes through test.needs, so uvu counts it)', () => {
  const handRolled = sources().filter((path) => path !== HELPER && /console\.log\(\s*[`'"]SKIP/.test(read(path)))
  assert.equal(handRolled, [], `use test.needs(missing, name, fn) or suite(name, { missing }) in: ${handRolled.join(', ')}`)
})

test('no test sleeps to synchronise: it waits for the event (a delay that sets a client\'s rate says "// pace:")', () => {
  const delay = /await (new Promise[^\n]*setTimeout\(|(setTimeout|sleep|delay|pause)\(\d)/
  const sleeping = sources()
    .filter((path) => path.endsWith('.test.ts'))
    .flatMap((path) =>
      read(path)
        .split('\n')
        .map((line, i) => ({ line, at: `${path}:${i + 1}` }))
        .filter(({ line }) => delay.test(line) && !line.includes('// pace:'))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    )
  assert.equal(sleeping, [], `sleeps used as synchronisation:\n  ${sleeping.join('\n  ')}`)
})

test.run()
