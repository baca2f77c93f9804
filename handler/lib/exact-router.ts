import { PatternRouter } from 'hono/router/pattern-router'

/**
 * hono's PatternRouter (the fastest over our handful of routes), except that a
 * trailing `/` is part of the path as sent: PatternRouter matches every route
 * with an optional one, so `POST /7/1/0/9/` recorded as `/7/1/0/9`
 * (docs/api.md, "Hostile input", paths). Such a path matches no route and the
 * route table explains it (too many segments, or a missing field).
 */
export class ExactPathRouter<T> extends PatternRouter<T> {
  override match(method: string, path: string): ReturnType<PatternRouter<T>['match']> {
    return path.length > 1 && path.charCodeAt(path.length - 1) === 47 ? [[]] : super.match(method, path)
  }
}
