import { suite } from 'uvu'
import { join } from 'node:path'
import { bundle } from '../src/build/bundles.ts'
import { BUN_BIN, DENO_BIN, unavailable } from '../src/local-runtimes/runtimes.ts'
import { startWorkerScript } from '../src/local-runtimes/workerd.ts'
import type { StoreRun } from './runtimes/run-store-cases.ts'
import { node22 } from './helpers/node22.ts'
import { ROOT, assertStoreRunPassed, storeRunOf } from './helpers/store-run.ts'
import { tempDir } from './helpers/temp-dir.ts'

/**
 * The one store conformance suite (test/helpers/store-cases.ts) inside each real
 * runtime: node:sqlite under Deno and Node 22, bun:sqlite under Bun, D1 inside
 * workerd. Each runtime prints or answers its results; this file asserts them.
 */
const test = suite('store conformance in the real runtimes')

function whenAvailable(name: string, reason: string | undefined, body: () => Promise<void>): void {
  if (reason) console.log(`SKIP store conformance under ${name}: ${reason}`)
  else test(name, body)
}

whenAvailable('node:sqlite under Deno', unavailable('deno'), async () => {
  const run = await storeRunOf(DENO_BIN, ['run', '--allow-read', '--allow-write', '--allow-env', 'test/runtimes/store-node-sqlite.ts'])
  assertStoreRunPassed(run, /^deno 2\./, 'sqlite (node:sqlite)')
})

whenAvailable('bun:sqlite under Bun', unavailable('bun'), async () => {
  const run = await storeRunOf(BUN_BIN, ['test/runtimes/store-bun-sqlite.ts'])
  assertStoreRunPassed(run, /^bun 1\./, 'sqlite (bun:sqlite)')
})

// Node 22 may need a one-time download, so its availability is known only inside the test.
test('node:sqlite under Node 22', async () => {
  const node = await node22()
  if ('unavailable' in node) return console.log(`SKIP store conformance under Node 22: ${node.unavailable}`)
  const run = await storeRunOf(node.path, ['--import', 'tsx', 'test/runtimes/store-node-sqlite.ts'])
  assertStoreRunPassed(run, /^node v22\./, 'sqlite (node:sqlite)')
})

whenAvailable('D1 inside workerd', unavailable('workerd'), async () => {
  const dir = tempDir('edgeload-d1-store-')
  try {
    const scriptPath = await bundle('worker', { entryPoint: join(ROOT, 'test/runtimes/store-d1-worker.ts'), outfile: dir.file('store-worker.js') })
    const worker = await startWorkerScript({ scriptPath }, { dataDir: dir.path })
    try {
      const run = await (await fetch(worker.url)).json() as StoreRun
      assertStoreRunPassed(run, /^workerd/, 'd1')
    } finally {
      await worker.close()
    }
  } finally {
    dir.remove()
  }
})

test.run()
