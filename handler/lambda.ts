import { handle } from 'hono/aws-lambda'
import { createApp } from './app.ts'
import { NO_APP_TIME } from './lib/http-error.ts'
import { FORBIDDEN_METHODS, noRoute } from './lib/route-table.ts'
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

const serve = handle(createApp({ store, runtime: 'lambda' }))

/** What the events of every integration carry that the refusal below needs (payload 2.0, or 1.0 and ALB). */
interface MethodAndPath {
  requestContext?: { http?: { method?: string } }
  rawPath?: string
  httpMethod?: string
  path?: string
}

/**
 * hono's adapter builds a Request first, which refuses fetch's forbidden
 * methods: a TRACE answered a plain-text 400 "Invalid request". Those get the
 * app's own answer (405 with Allow on a known path, else 404).
 */
export const handler: typeof serve = (event, context) => {
  const { requestContext, rawPath, httpMethod, path } = event as MethodAndPath
  const method = requestContext?.http?.method ?? httpMethod ?? ''
  if (!FORBIDDEN_METHODS.has(method)) return serve(event, context)
  const refusal = noRoute(method, rawPath ?? path ?? '/')
  return Promise.resolve({ statusCode: refusal.status, headers: { ...refusal.headerRecord(), ...NO_APP_TIME }, body: refusal.body(), isBase64Encoded: false }) as ReturnType<typeof serve>
}
