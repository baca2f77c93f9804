// Entry of every worker thread: TypeScript support first (tsx's loader does not reach worker
// threads started from a `--import tsx` process on Node 20), then the worker itself.
import { register } from 'tsx/esm/api'

register()
await import('./worker-entry.ts')
