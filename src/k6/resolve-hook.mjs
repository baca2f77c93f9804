// Module resolution hook (node:module register, from register-k6-modules.ts): `k6`, `k6/http`,
// `k6/metrics`, `k6/execution` and `edgeload/...` resolve to edgeload's own modules, from any
// folder a scenario is in. Plain JavaScript: it runs in the loader's thread before any TypeScript.
let modules = {}

export function initialize(data) {
  modules = data.modules
}

export function resolve(specifier, context, nextResolve) {
  // Passed on (not short-circuited) so tsx's own resolve sees the .ts file and loads it.
  return nextResolve(modules[specifier] ?? specifier, context)
}
