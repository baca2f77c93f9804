/**
 * The k6 modules a script may import, and what edgeload does with each: the ones resolved to its
 * own modules (a k6-shaped module run directly, docs/scenarios.md "From k6") and the ones it
 * cannot offer, each with why. `convert` and the module resolver read this one table.
 */

/** k6 module name -> the file (under src/k6/runtime/) that stands in for it when run directly. */
export const SUPPORTED_K6_MODULES: Readonly<Record<string, string>> = {
  k6: 'k6.ts',
  'k6/http': 'http.ts',
  'k6/metrics': 'metrics.ts',
  'k6/execution': 'execution.ts',
}

/** Our own modules a converted scenario imports (edgeload/...), resolved the same way. */
export const EDGELOAD_MODULES: Readonly<Record<string, string>> = {
  'edgeload/metrics': 'metrics.ts',
  'edgeload/http': 'expected-statuses.ts',
}

const UNSUPPORTED: readonly [prefix: string, why: string][] = [
  ['k6/browser', 'browser testing drives Chromium; edgeload only speaks HTTP'],
  ['k6/experimental/browser', 'browser testing drives Chromium; edgeload only speaks HTTP'],
  ['k6/net/grpc', 'gRPC is not an HTTP API edgeload can load'],
  ['k6/ws', 'WebSockets are not supported'],
  ['k6/experimental/websockets', 'WebSockets are not supported'],
  ['k6/websockets', 'WebSockets are not supported'],
  ['k6/experimental/', 'experimental k6 modules are not supported'],
  ['k6/x/', 'k6 extensions (xk6) are Go code built into k6; they cannot run here'],
  ['k6/crypto', 'use node:crypto instead'],
  ['k6/encoding', 'use Buffer (base64) or TextEncoder instead'],
  ['k6/html', 'HTML parsing (k6/html) is not supported'],
  ['k6/data', 'SharedArray is not supported: read the file at the top level (node:fs) and keep a plain array'],
  ['k6/timers', 'use the global setTimeout'],
  ['k6/secrets', 'k6 secret sources are not supported: read the environment (ctx.env)'],
]

/** Why a module cannot be used, or undefined when it is one we resolve (or not k6's at all). */
export function unsupportedModule(specifier: string): string | undefined {
  if (specifier in SUPPORTED_K6_MODULES || specifier in EDGELOAD_MODULES) return undefined
  if (/^https?:\/\//.test(specifier)) return 'remote modules (jslib.k6.io and other URLs) are not fetched: install the package from npm or copy the code next to the script'
  for (const [prefix, why] of UNSUPPORTED) if (specifier === prefix || specifier.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) return why
  if (specifier.startsWith('k6/')) return 'not a k6 module edgeload offers (it has k6, k6/http, k6/metrics and k6/execution)'
  return undefined
}
