import { handle } from 'hono/aws-lambda'
import { createApp } from './app.ts'
import { openNodeSqliteStore } from '../src/store/node-sqlite.ts'

/**
 * AWS Lambda (nodejs22.x): API Gateway REST and HTTP APIs, ALB and Function URLs.
 * The store is node:sqlite in /tmp, private to this instance: instances do not
 * share it, and it is lost when the instance is recycled (README, Lambda).
 */
const store = openNodeSqliteStore(process.env.STEPS_DB || '/tmp/steps.db')

export const handler = handle(createApp({ store, runtime: 'lambda' }))
