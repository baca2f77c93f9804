import { startLocalRuntime, unavailable } from '../src/local-runtimes/runtimes.ts'
import { hostileSuite } from './helpers/hostile-suite.ts'

hostileSuite('workerd', (dataDir) => startLocalRuntime('workerd', { dataDir }), unavailable('workerd'))
