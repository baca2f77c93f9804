import { startLocalLambda } from '../src/local-lambda/start-local-lambda.ts'
import { unavailable } from '../src/local-runtimes/runtimes.ts'
import { hostileSuite } from './helpers/hostile-suite.ts'

// `npm run start:lambda`'s server: the bundle on the local Lambda behind its API Gateway front,
// which is the Node server of the Node entry, so Node's parser and guard refuse hostile bytes first.
hostileSuite('lambda-local', (dataDir) => startLocalLambda({ dataDir }), unavailable('lambda'))
