/**
 * The target as the client needs it: the origin each thread's connection opens, and the base
 * path put in front of every scenario path (API Gateway stages live there: https://x/prod).
 */
import { connect } from 'node:net'

export interface HttpTarget {
  /** As given, for the report. */
  url: string
  origin: string
  /** '' or '/prod', never a trailing slash. */
  basePath: string
}

export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

/** A hint for a URL refused by isHttpUrl that holds an IPv6 address without its brackets (else ''). */
export function ipv6Hint(value: string): string {
  return /^https?:\/\/[0-9a-f]*:[0-9a-f]*:/i.test(value) ? ' (an IPv6 address goes in brackets: http://[::1]:8080)' : ''
}

export function parseTarget(value: string): HttpTarget {
  const url = new URL(value)
  return { url: value, origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') }
}

/**
 * Opens one TCP connection to the target, so an unreachable target is reported in one line
 * (exit 1) rather than as thousands of failed requests. Resolves to undefined when reachable,
 * else to why not.
 */
export function probeTarget(target: HttpTarget, timeoutMs: number): Promise<string | undefined> {
  const url = new URL(target.origin)
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (problem: string | undefined) => {
      socket.destroy()
      resolve(problem)
    }
    socket.setTimeout(timeoutMs, () => done(`no connection within ${timeoutMs} ms`))
    socket.once('connect', () => done(undefined))
    socket.once('error', (error: NodeJS.ErrnoException) => done(describeSocketError(error)))
  })
}

function describeSocketError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused (is the server running?)'
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return `host name not found (${error.code})`
  return error.code ? `${error.code}: ${error.message}` : error.message
}
