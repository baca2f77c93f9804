import { startLocalRuntime, unavailable } from '../src/local-runtimes/runtimes.ts'
import { hostileSuite } from './helpers/hostile-suite.ts'

hostileSuite('node', (dataDir) => startLocalRuntime('node', { dataDir }), unavailable('node'))
