/**
 * The embedded default (docs/cli.md): with no target given, the runner serves the handler
 * itself, in this process, on 127.0.0.1 and a free port, with the better-sqlite3 store on a file
 * in a fresh temporary folder, so `node runner --scenario peak.ts` works on a fresh clone.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../handler/app.ts'
import { serveNode } from '../../handler/serve-node.ts'
import { openBetterSqliteStore } from '../store/better-sqlite3.ts'

export interface EmbeddedTarget {
  url: string
  /** For the report's Target line: `embedded handler (node, sqlite (better-sqlite3) /tmp/...)`. */
  description: string
  /** Stops the server, closes the store and removes the temporary folder. */
  close(): Promise<void>
}

export async function startEmbeddedTarget(): Promise<EmbeddedTarget> {
  const folder = mkdtempSync(join(tmpdir(), 'edgeload-'))
  const store = openBetterSqliteStore(join(folder, 'steps.db'))
  try {
    const server = await serveNode(createApp({ store, runtime: 'node' }), { port: 0, host: '127.0.0.1', graceMs: 1000 })
    let closed = false
    return {
      url: server.url,
      description: `embedded handler (node, ${store.name}) at ${server.url}`,
      async close() {
        if (closed) return
        closed = true
        await server.close()
        await store.close()
        rmSync(folder, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await store.close()
    rmSync(folder, { recursive: true, force: true })
    throw error
  }
}
