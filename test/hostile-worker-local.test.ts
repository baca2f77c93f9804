import { unavailable } from '../src/local-runtimes/runtimes.ts'
import { startWorkerBehindNode } from '../src/local-runtimes/worker-front.ts'
import { hostileSuite } from './helpers/hostile-suite.ts'

// `npm run start:worker`'s server: workerd behind the Node front. No runtime
// limit applies here: that front is how the local Worker is made safe.
hostileSuite('worker-local', (dataDir) => startWorkerBehindNode({ dataDir }), unavailable('workerd'))
