import { httpConformance } from './helpers/http-conformance.ts'

// npm run start:lambda's server (the bundle on the local Lambda behind its API Gateway front)
// keeps the contract: sequential requests reuse one environment, so one cold start.
httpConformance('lambda', /^sqlite \(node:sqlite\)$/, undefined, 'lambda behind start:lambda\'s API Gateway front')
