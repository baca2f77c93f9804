/**
 * Checks the scenario's HTTP client fields (k6's names: maxRedirects, noCookiesReset,
 * insecureSkipTLSVerify, tlsAuth; ours: compression, http2) before a run, so a wrong value or
 * an unreadable certificate file is one clear line (exit 2), not a failure in the middle.
 */
import { accessSync, constants } from 'node:fs'
import { describe } from '../executors/field-check.ts'

export const CLIENT_KEYS = ['maxRedirects', 'noCookiesReset', 'compression', 'insecureSkipTLSVerify', 'tlsAuth', 'http2']

export function checkClientFields(s: Record<string, unknown>, problems: string[]): void {
  if (s.maxRedirects !== undefined && !(Number.isSafeInteger(s.maxRedirects) && (s.maxRedirects as number) >= 0)) {
    problems.push(`maxRedirects must be a whole number >= 0 (0: never follow), got ${describe(s.maxRedirects)}`)
  }
  for (const key of ['noCookiesReset', 'compression', 'insecureSkipTLSVerify']) {
    if (s[key] !== undefined && typeof s[key] !== 'boolean') problems.push(`${key} must be true or false, got ${describe(s[key])}`)
  }
  if (s.http2 !== undefined && s.http2 !== true && s.http2 !== false && s.http2 !== 'h2c') checkHttp2Object(s.http2, problems)
  if (s.tlsAuth !== undefined) checkTlsAuth(s.tlsAuth, problems)
}

function checkHttp2Object(value: unknown, problems: string[]): void {
  const usage = `http2 must be true (h2 by ALPN on https, the default), false (HTTP/1.1 only), 'h2c' (HTTP/2 without TLS) or { streams: N, h2c?: true } (N requests at once on one HTTP/2 connection), got ${describe(value)}`
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return void problems.push(usage)
  const v = value as Record<string, unknown>
  for (const key of Object.keys(v)) if (key !== 'streams' && key !== 'h2c') problems.push(`http2: unknown field "${key}" (streams, h2c)`)
  if (v.streams !== undefined && !(Number.isSafeInteger(v.streams) && (v.streams as number) >= 1 && (v.streams as number) <= 1000)) {
    problems.push(`http2.streams must be a whole number from 1 to 1000, got ${describe(v.streams)}`)
  }
  if (v.h2c !== undefined && typeof v.h2c !== 'boolean') problems.push(`http2.h2c must be true or false, got ${describe(v.h2c)}`)
}

function checkTlsAuth(value: unknown, problems: string[]): void {
  if (!Array.isArray(value)) return void problems.push(`tlsAuth must be an array like [{ cert, key }] or [{ certFile, keyFile, domains }], got ${describe(value)}`)
  value.forEach((entry, index) => {
    const label = `tlsAuth[${index}]`
    if (typeof entry !== 'object' || entry === null) return void problems.push(`${label} must be an object with cert and key, got ${describe(entry)}`)
    const e = entry as Record<string, unknown>
    for (const key of Object.keys(e)) {
      if (!['domains', 'cert', 'key', 'certFile', 'keyFile', 'passphrase'].includes(key)) problems.push(`${label}: unknown field "${key}" (domains, cert, key, certFile, keyFile, passphrase)`)
    }
    for (const part of ['cert', 'key']) {
      const text = e[part]
      const file = e[`${part}File`]
      if ((text === undefined) === (file === undefined)) problems.push(`${label}: give ${part} (PEM text) or ${part}File (a path), one of them`)
      else if (text !== undefined && (typeof text !== 'string' || !text.includes('-----BEGIN'))) problems.push(`${label}.${part} must be PEM text (-----BEGIN ...); for a path use ${part}File`)
      else if (file !== undefined && !readable(file)) problems.push(`${label}.${part}File ${describe(file)} cannot be read`)
    }
    if (e.passphrase !== undefined && typeof e.passphrase !== 'string') problems.push(`${label}.passphrase must be a string`)
    if (e.domains !== undefined && !(Array.isArray(e.domains) && e.domains.every((d) => typeof d === 'string' && d !== ''))) {
      problems.push(`${label}.domains must be an array of host names, e.g. ['example.com', '*.example.com']`)
    }
  })
}

function readable(file: unknown): boolean {
  if (typeof file !== 'string' || file === '') return false
  try {
    accessSync(file, constants.R_OK)
    return true
  } catch {
    return false
  }
}
