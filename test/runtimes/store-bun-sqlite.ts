import { openBunSqliteStore } from '../../src/store/bun-sqlite.ts'
import { printFileStoreRun } from './sqlite-file-cases.ts'

/** Store conformance for bun:sqlite, run by the real Bun: `bun test/runtimes/store-bun-sqlite.ts`. */
await printFileStoreRun(`bun ${Bun.version}`, openBunSqliteStore)
