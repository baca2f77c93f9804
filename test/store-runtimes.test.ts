import { join } from 'node:path'
import { bundle } from '../src/build/bundles.ts'
import { BUN_BIN, DENO_BIN, unavailable } from '../src/local-runtimes/runtimes.ts'
import { startWorkerScript } from '../src/local-runtimes/workerd.ts'
import type { StoreRun } from './runtimes/run-store-cases.ts'
import { node22 } from './helpers/node22.ts'
import { ROOT, assertStoreRunPassed, storeRunOf } from './helpers/store-run.ts'
import { suite } from './helpers/suite.ts'
import { tempDir } from './helpers/temp-dir.ts'

/**
 * The one store conformance suite (test/helpers/store-cases.ts) inside each real
 * runtime: node:sqlite under Deno and Node 22, bun:sqlite under Bun, D1 inside
 * workerd. Each runtime prints or answers its results; this file asserts them.
 */
const test = suite('store conformance in the real runtimes', { deadline: 600 })
// Node 22 may need a one-time install (npm), so it is looked for at load time, when skips are decided.
const node = await node22()

test.needs(unavailable('deno'), 'node:sqlite under Deno', async () => {
  const run = await storeRunOf(DENO_BIN, ['run', '--allow-read', '--allow-write', '--allow-env', 'test/runtimes/store-node-sqlite.ts'])
  assertStoreRunPassed(run, /^deno 2\./, 'sqlite (node:sqlite)')
})

test.needs(unavailable('bun'), 'bun:sqlite under Bun', async () => {
  const run = await storeRunOf(BUN_BIN, ['test/runtimes/store-bun-sqlite.ts'])
  assertStoreRunPassed(run, /^bun 1\./, 'sqlite (bun:sqlite)')
})

test.needs('unavailable' in node ? node.unavailable : undefined, 'node:sqlite under Node 22', async () => {
  const run = await storeRunOf((node as { path: string }).path, ['--import', 'tsx', 'test/runtimes/store-node-sqlite.ts'])
  assertStoreRunPassed(run, /^node v22\./, 'sqlite (node:sqlite)')
})

test.needs(unavailable('workerd'), 'D1 inside workerd', async () => {
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
