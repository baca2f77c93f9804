// Module resolution hook (node:module register, from register-k6-modules.ts): `k6`, `k6/http`,
// `k6/metrics`, `k6/execution` and `edgeload/...` resolve to edgeload's own modules, from any
// folder a scenario is in; a scenario's marked URL to that very file. Plain JavaScript: it runs in the loader's thread before any TypeScript.
let modules = {}
let exactFileMark = ''

export function initialize(data) {
  modules = data.modules
  exactFileMark = data.exactFileMark
}

export function resolve(specifier, context, nextResolve) {
  // The scenario file the user named (its URL marked by scenario-load.ts), not a .ts beside it.
  if (exactFileMark && specifier.endsWith(exactFileMark)) return { url: specifier.slice(0, -exactFileMark.length), shortCircuit: true }
  // Passed on (not short-circuited) so tsx's own resolve sees the .ts file and loads it.
  return nextResolve(modules[specifier] ?? specifier, context)
}
