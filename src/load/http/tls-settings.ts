/**
 * How the client speaks TLS: certificate checks (k6's insecureSkipTLSVerify, `--insecure`),
 * client certificates (k6's tlsAuth, offered to the hosts each names) and why a handshake
 * failed, in the words the report's errors table uses (`tls (self-signed)`).
 */
import { readFileSync } from 'node:fs'
import type { ConnectionOptions } from 'node:tls'
import type { TlsAuth } from '../scenario.ts'
import { UsageError } from '../run-errors.ts'

interface ClientCertificate {
  domains: string[] | undefined
  cert: string
  key: string
  passphrase: string | undefined
}

export class TlsSettings {
  private readonly certificates: ClientCertificate[]

  constructor(readonly insecure: boolean, tlsAuth: readonly TlsAuth[] | undefined) {
    this.certificates = (tlsAuth ?? []).map(loadCertificate)
  }

  /** The options of a TLS connection to `hostname`. */
  forHost(hostname: string): ConnectionOptions {
    const options: ConnectionOptions = { rejectUnauthorized: !this.insecure }
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
    const certificate = this.certificates.find((c) => c.domains === undefined || c.domains.some((d) => domainMatches(host, d)))
    if (certificate) {
      options.cert = certificate.cert
      options.key = certificate.key
      if (certificate.passphrase !== undefined) options.passphrase = certificate.passphrase
    }
    return options
  }
}

/** `example.com` names that host; `*.example.com` or `.example.com` its subdomains too. */
function domainMatches(host: string, domain: string): boolean {
  const d = domain.toLowerCase()
  if (d.startsWith('*.') || d.startsWith('.')) {
    const suffix = d.slice(d.indexOf('.'))
    return host.endsWith(suffix) || host === suffix.slice(1)
  }
  return host === d
}

function loadCertificate(auth: TlsAuth, index: number): ClientCertificate {
  return {
    domains: auth.domains,
    cert: pem(auth.cert, auth.certFile, `tlsAuth[${index}].cert`),
    key: pem(auth.key, auth.keyFile, `tlsAuth[${index}].key`),
    passphrase: auth.passphrase,
  }
}

function pem(text: string | undefined, file: string | undefined, label: string): string {
  if (text !== undefined) return text
  try {
    return readFileSync(file!, 'utf8')
  } catch (error) {
    throw new UsageError(`${label}File ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
}

/** Node's and OpenSSL's codes for a certificate the client refused, by the reason the report shows. */
const REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname mismatch',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown CA',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown CA',
  CERT_UNTRUSTED: 'unknown CA',
  CERT_REVOKED: 'revoked',
  CERT_SIGNATURE_FAILURE: 'bad signature',
  // Alerts the server sent: it refused our (missing) client certificate, or spoke no TLS.
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'client certificate required',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'client certificate refused',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'client certificate refused',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'handshake failure',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'protocol version',
  ERR_SSL_WRONG_VERSION_NUMBER: 'not TLS',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'not TLS',
}

/** Why a TLS connection failed ('self-signed', 'hostname mismatch', ...), or undefined when it is not a TLS failure. */
export function tlsReason(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | null, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    const code = e.code
    if (typeof code !== 'string') continue
    const reason = REASONS[code]
    if (reason) return reason
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return code.replace(/^ERR_(SSL|TLS)_/, '').toLowerCase().replace(/_/g, ' ')
  }
  return undefined
}
