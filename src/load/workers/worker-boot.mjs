// Entry of every worker thread: TypeScript support first (tsx's hooks registered by the main
// thread do not reach worker threads on Node 20), then the worker itself. Both of tsx's hooks, as
// runner/index.js has: with the ESM one alone, a .ts scenario outside a "type": "module" package
// is read as CommonJS and fails to load ("Cannot require() ES Module ... in a cycle").
import { register as registerEsm } from 'tsx/esm/api'
import { register as registerCjs } from 'tsx/cjs/api'

registerEsm()
registerCjs()
await import('./worker-entry.ts')
