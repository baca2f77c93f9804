import { HttpError } from './http-error.ts'
import type { Field } from './params.ts'

/**
 * The shape of every route, used to explain a request that matched none:
 * a missing or empty segment is a 400 naming the field, a path with the right
 * shape but another method is a 405 with Allow, anything else a 404.
 */
export interface RouteShape {
  readonly prefix: string | null
  readonly fields: readonly Field[]
  readonly methods: readonly string[]
  readonly pattern: string
}

export const ROUTES: readonly RouteShape[] = [
  { prefix: 'myresource', fields: [], methods: ['GET', 'HEAD', 'POST'], pattern: '/myresource' },
  { prefix: 'health', fields: [], methods: ['GET', 'HEAD'], pattern: '/health' },
  { prefix: 'current', fields: ['userId'], methods: ['GET', 'HEAD'], pattern: '/current/:userId' },
  { prefix: 'single', fields: ['userId', 'day'], methods: ['GET', 'HEAD'], pattern: '/single/:userId/:day' },
  { prefix: 'range', fields: ['userId', 'startDay', 'numDays'], methods: ['GET', 'HEAD'], pattern: '/range/:userId/:startDay/:numDays' },
  { prefix: null, fields: ['userId', 'day', 'interval', 'steps'], methods: ['POST'], pattern: '/:userId/:day/:interval/:steps' },
]

export type Diagnosis =
  | { status: 400; field: string; error: string }
  | { status: 404; field: 'path'; error: string }
  | { status: 405; allow: string; error: string }

/**
 * Methods a Web Request cannot carry (fetch's forbidden methods): no route takes
 * them, and where a Request must be built first (the local Worker's front,
 * hono's Lambda adapter) they get noRoute's answer before one is tried.
 */
export const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK'])

/** The answer for a request that matched no route: 400, 404 or 405 with Allow. */
export function noRoute(method: string, path: string): HttpError {
  const found = diagnose(method, path)
  if (found.status === 405) return new HttpError(405, found.error, 'method', { allow: found.allow })
  return new HttpError(found.status, found.error, found.field)
}

export function diagnose(method: string, path: string): Diagnosis {
  const segments = path.split('/').slice(1)
  const shape = ROUTES.find((r) => r.prefix === segments[0])
  if (shape) return diagnoseShape(shape, segments.slice(1), method, path)
  const steps = ROUTES[ROUTES.length - 1]
  if (segments.length === steps.fields.length) return diagnoseShape(steps, segments, method, path)
  return { status: 404, field: 'path', error: `no route for ${method} ${clip(path)}: the path matches no route` }
}

function diagnoseShape(shape: RouteShape, params: string[], method: string, path: string): Diagnosis {
  if (params.length > shape.fields.length) {
    return { status: 404, field: 'path', error: `no route for ${method} ${clip(path)}: the path has too many segments, expected ${shape.pattern}` }
  }
  const missing = shape.fields.findIndex((_, i) => !params[i])
  if (missing >= 0) {
    const field = shape.fields[missing]
    return { status: 400, field, error: `${field} is missing: expected ${shape.pattern}` }
  }
  return {
    status: 405,
    allow: shape.methods.join(', '),
    error: `method ${clip(method)} is not allowed on ${shape.pattern}; allowed: ${shape.methods.join(', ')}`,
  }
}

function clip(path: string): string {
  return path.length > 80 ? `${path.slice(0, 80)}…` : path
}
