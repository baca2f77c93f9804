/**
 * Makes `import http from 'k6/http'` (and `k6`, `k6/metrics`, `k6/execution`, and the
 * `edgeload/...` modules converted scenarios import) load edgeload's own modules, from a scenario
 * in any folder (as an ES module or, through tsx, as CommonJS), and defines k6's globals; a
 * scenario file's URL marked with EXACT_FILE_MARK loads that file. Once per process (a worker thread registers its own).
 */
import Module, { register } from 'node:module'
import { fileURLToPath } from 'node:url'
import { EDGELOAD_MODULES, SUPPORTED_K6_MODULES } from './k6-modules.ts'
import { installK6Globals } from './runtime/vu-scope.ts'

let registered = false

/**
 * Appended to a scenario file's URL (scenario-load.ts): the hook loads that very file. tsx would
 * resolve `script.js` to a `script.ts` beside it (TypeScript's convention, which it applies with
 * the project's allowJs), and that is the file `convert -o script.ts` writes.
 */
export const EXACT_FILE_MARK = '?edgeload-exact-file'

export function registerK6Modules(): void {
  if (registered) return
  registered = true
  const modules: Record<string, string> = {}
  for (const [specifier, file] of Object.entries({ ...SUPPORTED_K6_MODULES, ...EDGELOAD_MODULES })) {
    modules[specifier] = new URL(`./runtime/${file}`, import.meta.url).href
  }
  register(new URL('./resolve-hook.mjs', import.meta.url), { data: { modules, exactFileMark: EXACT_FILE_MARK } })
  resolveForRequire(modules)
  installK6Globals()
}

/**
 * A `.ts` scenario outside an ES-module package is loaded by tsx as CommonJS, whose require()
 * the hook above does not see: the same names are mapped there too.
 */
function resolveForRequire(modules: Record<string, string>): void {
  const files = new Map(Object.entries(modules).map(([specifier, url]) => [specifier, fileURLToPath(url)]))
  const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string }
  const original = loader._resolveFilename
  loader._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return files.get(request) ?? original.call(this, request, ...rest)
  }
}
