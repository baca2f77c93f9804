import { cac } from 'cac'
import { DEFAULT_DB_DIR, localPostgres } from '../db/local-postgres.ts'
import { describeDatabaseUrl, postgresUrlFrom } from '../store/database-url.ts'
import { findNginx } from './find-nginx.ts'
import { startBalancer } from './nginx-balancer.ts'
import { startInstance } from './instances.ts'
import type { Instance } from './instances.ts'

/**
 * npm run start:fleet -- --instances N: the course's later deployment on one
 * machine. One PostgreSQL (DATABASE_URL, else the embedded one under
 * data/postgres/), N Node handler instances sharing it, nginx in front.
 * Ctrl-C or SIGTERM stops the balancer, then the instances (in-flight requests
 * finish), then the database if this command started it.
 */
const cli = cac('start:fleet')
cli.option('--instances <n>', 'Node handler instances behind the balancer', { default: 3 })
cli.option('--port <port>', 'the balancer\'s port on 127.0.0.1', { default: 8080 })
cli.help()

async function main(): Promise<number> {
  const { options } = cli.parse()
  if (options.help) return 0
  const instances = Number(options.instances)
  const port = Number(options.port)
  const problems = [
    Number.isInteger(instances) && instances >= 1 && instances <= 32 ? '' : `--instances must be an integer from 1 to 32, got ${options.instances}`,
    Number.isInteger(port) && port >= 1 && port <= 65535 ? '' : `--port must be an integer from 1 to 65535, got ${options.port}`,
  ].filter(Boolean)
  if (problems.length) {
    for (const problem of problems) console.error(`start:fleet: ${problem}`)
    return 2
  }
  const nginx = findNginx()
  if ('unavailable' in nginx) {
    console.error(`start:fleet needs nginx as its load balancer: ${nginx.unavailable}. Install it (apt-get install nginx-light, brew install nginx) or set NGINX=/path/to/nginx.`)
    return 2
  }

  const stops: (() => Promise<void>)[] = []
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e: Error) => console.error(`start:fleet: while stopping: ${e.message}`))
  }
  let stopping = false
  try {
    const databaseUrl = await database(stops)
    const started = await Promise.all(Array.from({ length: instances }, (_, i) => startInstance(i + 1, databaseUrl)))
    stops.push(() => Promise.all(started.map((instance) => instance.stop())).then(() => {}))
    for (const instance of started) watch(instance, () => stopping)
    const balancer = await startBalancer(nginx.path, '127.0.0.1', port, started.map((i) => new URL(i.url).host))
    stops.push(() => balancer.stop())

    console.log(`edgeload fleet: ${balancer.url} (nginx ${nginx.path} in front of ${instances} Node instance${instances > 1 ? 's' : ''}, store ${describeDatabaseUrl(databaseUrl)})`)
    for (const instance of started) console.log(`  instance ${instance.n}: ${instance.url} (pid ${instance.pid})`)
    console.log('Ctrl-C stops the balancer, the instances and the database this command started.')

    const signal = await Promise.race([
      new Promise<string>((resolve) => { process.once('SIGINT', () => resolve('SIGINT')); process.once('SIGTERM', () => resolve('SIGTERM')) }),
      balancer.exited.then((code) => `nginx exited (${code})`),
    ])
    stopping = true
    console.log(`${signal}: stopping the balancer, the instances, then the database`)
    await stopAll()
    console.log('fleet stopped')
    return signal.startsWith('nginx') ? 1 : 0
  } catch (error) {
    stopping = true
    console.error(`start:fleet could not start: ${error instanceof Error ? error.message : String(error)}`)
    await stopAll()
    return 1
  }
}

/** DATABASE_URL when set; else the embedded PostgreSQL under data/postgres/, started (and later stopped) here if it is not running. */
async function database(stops: (() => Promise<void>)[]): Promise<string> {
  const fromEnv = postgresUrlFrom(process.env)
  if (fromEnv) return fromEnv
  const pg = await localPostgres(process.env.EDGELOAD_DB_DIR || DEFAULT_DB_DIR)
  if (await pg.running()) {
    console.log(`PostgreSQL already running (${pg.safeUrl}); left running at the end`)
  } else {
    await pg.start()
    stops.push(() => pg.stop('fast'))
    console.log(`PostgreSQL started (${pg.safeUrl})`)
  }
  return pg.url
}

function watch(instance: Instance, stopping: () => boolean): void {
  instance.process.once('exit', (code, signal) => {
    if (!stopping()) console.error(`instance ${instance.n} (pid ${instance.pid}) exited (${signal ?? code}); the balancer goes on with the others`)
  })
}

main().then((code) => process.exit(code))
