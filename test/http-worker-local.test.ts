import { startWorkerBehindNode } from '../src/local-runtimes/worker-front.ts'
import { httpConformance } from './helpers/http-conformance.ts'

// npm run start:worker's server (workerd behind the Node front) keeps the contract.
httpConformance('workerd', /^d1$/, (_runtime, options) => startWorkerBehindNode(options), 'workerd behind start:worker\'s Node front')
