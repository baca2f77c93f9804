import { StoreUnavailable } from './step-store.ts'

/** Errors of the socket or of postgres.js's connection handling: the database is not there (now). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
])

/**
 * SQLSTATE classes that say "not now" rather than "your statement is wrong":
 * 08 connection exception, 53 insufficient resources (too many connections),
 * 57 operator intervention (shutdown, starting up), 40 transaction rollback
 * (serialization, deadlock), 28 authorization (a wrong password in the URL is an
 * outage of this service, not a bad request), 25006 read-only (a failover).
 */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '40', '28'])

/** True when the error means the database cannot serve us now (a retry later may work). */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailable) return true
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return false
  if (CONNECTION_CODES.has(code)) return true
  const isSqlState = (error as Error).name === 'PostgresError' && /^[0-9A-Z]{5}$/.test(code)
  return isSqlState && (UNAVAILABLE_CLASSES.has(code.slice(0, 2)) || code === '25006')
}

/** The error's own words (sqlstate or socket code first), for logs; the caller redacts. */
export function describeFault(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const code = (error as { code?: unknown }).code
  const message = error.message || (error as { errors?: Error[] }).errors?.[0]?.message || error.name
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message
}

/** Settles like `work`, or rejects with StoreUnavailable after `ms`, calling `onTimeout` (which must not let `work` reject unhandled). */
export function withDeadline<T>(work: Promise<T>, ms: number, retryAfter: number, onTimeout: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout()
      reject(new StoreUnavailable(`the database did not answer within ${ms} ms`, retryAfter))
    }, ms)
  })
  return Promise.race([work, expired]).finally(() => clearTimeout(timer))
}
