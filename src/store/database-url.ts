/**
 * DATABASE_URL handling shared by every entry (runtime-free). A password in the
 * URL must never reach a log line, /health or an error message: everything
 * shown goes through describeDatabaseUrl or redact.
 */
import { decodeOrRaw } from '../../handler/lib/decode-or-raw.ts'

/** The Postgres URL from an environment, undefined when none is set; anything else set there is an error. */
export function postgresUrlFrom(env: Record<string, string | undefined>): string | undefined {
  const url = env.DATABASE_URL?.trim()
  if (!url) return undefined
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://')
  return url
}

/** postgres://user@host:port/database: what a URL points at, without its password or query. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''
    const port = parsed.port ? `:${parsed.port}` : ''
    return `postgres://${user}${parsed.hostname}${port}${parsed.pathname === '/' ? '' : parsed.pathname}`
  } catch {
    return 'postgres://(unparsable URL)'
  }
}

/** Removes the URL's password (raw and decoded) from a message, whatever produced it. */
export function redact(message: string, url: string): string {
  let password = ''
  try {
    password = new URL(url).password
  } catch {
    return message
  }
  if (!password) return message
  let out = message
  for (const secret of new Set([password, decodeOrRaw(password)])) if (secret) out = out.split(secret).join('***')
  return out
}
