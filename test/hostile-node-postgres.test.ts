import { startLocalRuntime } from '../src/local-runtimes/runtimes.ts'
import { hostileSuite } from './helpers/hostile-suite.ts'
import { postgresMissing, startTestPostgres } from './helpers/test-postgres.ts'

// The Node entry on PostgreSQL: every write answers only after its COMMIT, so
// an answer written late (behind a refusal, or past the flood bound) is where
// issue 21 found writes stored behind a 400 or never answered.
hostileSuite('node', async (dataDir) => {
  const pg = await startTestPostgres('edgeload-hostile-pg-')
  const server = await startLocalRuntime('node', { dataDir, databaseUrl: pg.url }).catch(async (error: unknown) => {
    await pg.remove()
    throw error
  })
  return {
    ...server,
    async close() {
      try {
        await server.close()
      } finally {
        await pg.remove()
      }
    },
  }
}, await postgresMissing(), 'node on PostgreSQL')
