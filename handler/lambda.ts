import { handle } from 'hono/aws-lambda'
import { createApp } from './app.ts'
import { openNodeSqliteStore } from '../src/store/node-sqlite.ts'
import { lazyPostgresFromEnv } from '../src/store/postgres-from-env.ts'

/**
 * AWS Lambda (nodejs22.x): API Gateway REST and HTTP APIs, ALB and Function URLs.
 * With DATABASE_URL, Postgres shared by every instance: one client per instance
 * (container), created here once and reused by every invocation; it connects on
 * the first request. Without it, node:sqlite in /tmp, private to this instance
 * and lost when the instance is recycled (docs/deploy-lambda.md).
 */
const store = lazyPostgresFromEnv(process.env) ?? openNodeSqliteStore(process.env.STEPS_DB || '/tmp/steps.db')

export const handler = handle(createApp({ store, runtime: 'lambda' }))
