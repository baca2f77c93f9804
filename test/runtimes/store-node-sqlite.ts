import { openNodeSqliteStore } from '../../src/store/node-sqlite.ts'
import { printFileStoreRun } from './sqlite-file-cases.ts'

/** Store conformance for node:sqlite, run by Deno (`deno run`) and by Node >= 22.5. */
const runtime = 'Deno' in globalThis ? `deno ${process.versions.deno}` : `node ${process.version}`
await printFileStoreRun(runtime, openNodeSqliteStore)
