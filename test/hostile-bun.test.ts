import { startLocalRuntime, unavailable } from '../src/local-runtimes/runtimes.ts'
import { hostileSuite } from './helpers/hostile-suite.ts'

hostileSuite('bun', (dataDir) => startLocalRuntime('bun', { dataDir }), unavailable('bun'))
