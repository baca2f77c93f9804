import { startLocalRuntime, unavailable } from '../src/local-runtimes/runtimes.ts'
import { hostileSuite } from './helpers/hostile-suite.ts'

hostileSuite('deno', (dataDir) => startLocalRuntime('deno', { dataDir }), unavailable('deno'))
