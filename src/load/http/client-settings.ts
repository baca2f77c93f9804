/**
 * The scenario's client-wide HTTP settings (redirects, cookies, compression, TLS, HTTP/2), read
 * once per scenario object and shared by every thread of the process.
 */
import type { Scenario } from '../scenario.ts'
import { DEFAULT_MAX_REDIRECTS } from './redirects.ts'
import { TlsSettings } from './tls-settings.ts'

/** Sent unless the scenario sets `compression: false` or a request names its own. */
export const ACCEPT_ENCODING = 'gzip, deflate, br'

export interface ClientSettings {
  maxRedirects: number
  keepCookies: boolean
  /** Accept-Encoding sent by default. */
  compression: boolean
  tls: TlsSettings
  /** 'alpn': h2 offered on https origins; 'h1': HTTP/1.1 only; 'h2c': HTTP/2 without TLS on http origins. */
  http2: 'alpn' | 'h1' | 'h2c'
  /** Streams at once on one HTTP/2 connection (`http2: { streams: N }`); 1 by default. */
  h2Streams: number
}

const DEFAULTS: ClientSettings = {
  maxRedirects: DEFAULT_MAX_REDIRECTS, keepCookies: false, compression: true, tls: new TlsSettings(false, undefined), http2: 'alpn', h2Streams: 1,
}

const cache = new WeakMap<object, ClientSettings>()

/** The settings of `scenario` (validated by scenario-validate.ts); the defaults without one. */
export function clientSettings(scenario: Scenario | undefined): ClientSettings {
  if (!scenario) return DEFAULTS
  let settings = cache.get(scenario)
  if (!settings) {
    settings = {
      maxRedirects: scenario.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
      keepCookies: scenario.noCookiesReset === true,
      compression: scenario.compression !== false,
      tls: new TlsSettings(scenario.insecureSkipTLSVerify === true, scenario.tlsAuth),
      http2: http2Mode(scenario.http2),
      h2Streams: typeof scenario.http2 === 'object' && scenario.http2 !== null ? scenario.http2.streams ?? 1 : 1,
    }
    cache.set(scenario, settings)
  }
  return settings
}

function http2Mode(value: Scenario['http2']): ClientSettings['http2'] {
  if (value === false) return 'h1'
  if (value === 'h2c') return 'h2c'
  if (typeof value === 'object' && value !== null && value.h2c === true) return 'h2c'
  return 'alpn'
}
